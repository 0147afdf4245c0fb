import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { errorBodySchema } from '@dtwin/contracts/errors';
import { devicePatternsSchema } from '@dtwin/contracts/patterns';
import type { App } from '../../http/types';
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
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => patterns.get(request.params.id),
  );
}
