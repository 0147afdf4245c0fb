import { auditListSchema, type AuditQuery } from '@dtwin/contracts/audit';
import type { HttpClient } from '../../lib/http';

export const AUDIT_PAGE_SIZE = 50;

export type AuditList = ReturnType<typeof auditListSchema.parse>;

/** The query as sent; `from`/`to` are ISO instants in UTC. */
export type AuditListParams = Partial<AuditQuery> & { limit: number; offset: number };

/** `GET /api/audit?actor=&action=&outcome=&from=&to=&limit=&offset=` → `{items, total}`. */
export function listAudit(
  http: HttpClient,
  params: AuditListParams,
  signal?: AbortSignal,
): Promise<AuditList> {
  return http.get('/api/audit', { query: params, schema: auditListSchema, signal });
}
