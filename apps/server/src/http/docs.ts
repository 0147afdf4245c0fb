import swagger from '@fastify/swagger';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { contractRegistry } from './docs-schemas';
import type { App } from '../route-kit/types';

/** The OpenAPI document is generated from the same zod schemas that validate the routes. */
export async function registerDocs(app: App) {
  const schemaRegistry = contractRegistry();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Digital Twin API',
        version: '1.0.0',
        description: 'Every route under /api/ except login and register needs a bearer token.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: createJsonSchemaTransform({ schemaRegistry }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry }),
  });
  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());
}
