import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { devicePatternsSchema } from '@dtwin/contracts/patterns';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { PatternsService } from './patterns.service';

export function registerPatternsRoutes(app: App, { patterns }: { patterns: Pick<PatternsService, 'get'> }) {
  app.get(
    '/api/devices/:id/patterns',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'Trend, daily and weekly seasonality, change points per metric, and correlations between metrics',
        params: deviceIdParamsSchema,
        response: {
          200: devicePatternsSchema,
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => patterns.get(request.params.id),
  );
}
