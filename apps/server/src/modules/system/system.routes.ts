import { errorBodySchema } from '@dtwin/contracts/errors';
import { probeSchema, systemInfoSchema } from '@dtwin/contracts/system';
import { requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from '../audit/audit.service';
import type { SystemService } from './system.service';

export function registerSystemRoutes(
  app: App,
  { system, audit }: { system: SystemService; audit: AuditService },
) {
  app.get(
    '/api/system',
    {
      preHandler: requireRole(audit, 'admin'),
      schema: {
        tags: ['system'],
        summary: 'Process, database and broker status (admins)',
        response: { 200: systemInfoSchema, 401: errorBodySchema, 403: errorBodySchema },
      },
    },
    async () => system.info(),
  );
}

/** Readiness for load balancers and orchestrators: public, and it says nothing but yes or no. */
export function registerReadinessRoute(app: App, { system }: { system: SystemService }) {
  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: probeSchema, 503: probeSchema } } },
    async (_request, reply) =>
      (await system.ready())
        ? reply.header('Cache-Control', 'no-store').send({ status: 'ready' as const })
        : reply
            .status(503)
            .header('Cache-Control', 'no-store')
            .send({ status: 'not_ready' as const }),
  );
}
