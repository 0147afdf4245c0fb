import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { deviceHealthSchema, healthHistoryQuerySchema, healthHistorySchema } from '@dtwin/contracts/health';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { HealthService } from './health.service';

const errors = errorResponses(400, 401, 404);

/** Any authenticated role may read health (the authentication hook covers every /api/ route). */
export function registerDeviceHealthRoutes(
  app: App,
  { health }: { health: Pick<HealthService, 'get' | 'history'> },
) {
  app.get(
    '/api/devices/:id/health',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Health 0–100 with its five components, what pulled each down, and the trend',
        params: deviceIdParamsSchema,
        response: { 200: deviceHealthSchema, ...errors },
      },
    },
    async (request) => health.get(request.params.id),
  );

  app.get(
    '/api/devices/:id/health/history',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Stored health scores, one per minute (default: the last 24 hours)',
        params: deviceIdParamsSchema,
        querystring: healthHistoryQuerySchema,
        response: { 200: healthHistorySchema, ...errors },
      },
    },
    async (request) => health.history(request.params.id, request.query),
  );
}
