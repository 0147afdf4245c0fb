import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { devicePredictionsSchema } from '@dtwin/contracts/predictions';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
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
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => predictions.get(request.params.id),
  );
}
