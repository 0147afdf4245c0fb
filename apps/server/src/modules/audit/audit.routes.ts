import { auditListSchema, auditQuerySchema } from '@dtwin/contracts/audit';
import { errorBodySchema } from '@dtwin/contracts/errors';
import { requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from './audit.service';

export function registerAuditRoutes(app: App, { audit }: { audit: AuditService }) {
  app.get(
    '/api/audit',
    {
      preHandler: requireRole(audit, 'admin'),
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: auditQuerySchema,
        response: { 200: auditListSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request) => audit.list(request.query),
  );
}
