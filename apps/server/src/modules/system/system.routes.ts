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

/**
 * Readiness for load balancers and orchestrators: public, so it says yes or no and, when no,
 * only the names of the failing checks (`database`, `disk_full`, `broker`…) for the operator.
 */
export function registerReadinessRoute(app: App, { system }: { system: SystemService }) {
  app.get(
    '/readyz',
    { schema: { hide: true, response: { 200: probeSchema, 503: probeSchema } } },
    async (_request, reply) => {
      const failing = await system.ready();
      reply.header('Cache-Control', 'no-store');
      return failing.length === 0
        ? reply.send({ status: 'ready' as const })
        : reply.status(503).send({ status: 'not_ready' as const, failing });
    },
  );
}
