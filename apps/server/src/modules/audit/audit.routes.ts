import { auditListSchema, auditQuerySchema } from '@dtwin/contracts/audit';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { AuditService } from './audit.service';

export function registerAuditRoutes(app: App, { audit }: { audit: AuditService }) {
  app.get(
    '/api/audit',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: auditQuerySchema,
        response: { 200: auditListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => audit.list(request.query),
  );
}
