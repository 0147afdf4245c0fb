import { probeSchema, systemInfoSchema } from '@dtwin/contracts/system';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { SystemService } from './system.service';

export function registerSystemRoutes(app: App, { system }: { system: SystemService }) {
  app.get(
    '/api/system',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags: ['system'],
        summary: 'Process, database and broker status (admins)',
        response: { 200: systemInfoSchema, ...errorResponses(401, 403) },
      },
    },
    async () => system.info(),
  );
}

/** Liveness only: no version, no internals. */
export function registerLivenessRoute(app: App) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
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
