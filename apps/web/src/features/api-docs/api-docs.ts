import { z } from 'zod';
import type { HttpClient } from '../../lib/http';

const operationSchema = z.object({
  summary: z.string().optional(),
  tags: z.array(z.string()).optional(),
  parameters: z
    .array(z.object({ name: z.string(), in: z.string(), required: z.boolean().optional() }))
    .optional(),
  requestBody: z.unknown().optional(),
  responses: z.record(z.string(), z.unknown()).optional(),
});

/** The parts of the server's OpenAPI document the reference page shows. */
export const openApiSchema = z.object({
  info: z.object({ title: z.string(), description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
  components: z.object({ schemas: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type OpenApi = z.infer<typeof openApiSchema>;
export type Operation = z.infer<typeof operationSchema>;

/** `GET /api/docs` → the OpenAPI document (signed-in users). */
export function loadApiDocs(http: HttpClient, signal?: AbortSignal): Promise<OpenApi> {
  return http.get('/api/docs', { schema: openApiSchema, signal });
}

export interface Endpoint {
  method: string;
  path: string;
  operation: Operation;
}

/** The endpoints by tag, each list sorted by path then method. */
export function endpointsByTag(doc: OpenApi): Array<[string, Endpoint[]]> {
  const groups = new Map<string, Endpoint[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags?.[0] ?? 'other';
      const list = groups.get(tag) ?? [];
      list.push({ method: method.toUpperCase(), path, operation });
      groups.set(tag, list);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, list]) => [
      tag,
      list.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)),
    ]);
}

/** The component schemas a piece of the document refers to (`#/components/schemas/Device` → `Device`). */
export function referencedSchemas(part: unknown): string[] {
  const names = new Set<string>();
  JSON.stringify(part ?? null, (_key, value: unknown) => {
    if (typeof value === 'string' && value.startsWith('#/components/schemas/'))
      names.add(value.slice('#/components/schemas/'.length));
    return value;
  });
  return [...names];
}
