import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { errorBodySchema } from '@dtwin/contracts/errors';
import { devicePredictionsSchema } from '@dtwin/contracts/predictions';
import type { App } from '../../http/types';
import type { PredictionsService } from './predictions.service';

export function registerPredictionsRoutes(
  app: App,
  { predictions }: { predictions: Pick<PredictionsService, 'get'> },
) {
  app.get(
    '/api/devices/:id/predictions',
    {
      schema: {
        tags: ['analytics'],
        summary:
          'Per metric: remaining useful life with its interval, failure probability over 24 h / 7 d / 30 d, and the evidence',
        params: deviceIdParamsSchema,
        response: {
          200: devicePredictionsSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => predictions.get(request.params.id),
  );
}
