import {
  patchRecommendationBodySchema,
  recommendationIdParamsSchema,
  recommendationListQuerySchema,
  recommendationListSchema,
  recommendationResponseSchema,
} from '@dtwin/contracts/recommendations';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { RecommendationsService } from './recommendations.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerRecommendationsRoutes(
  app: App,
  { recommendations }: { recommendations: RecommendationsService },
) {
  const tags = ['recommendations'];

  app.get(
    '/api/recommendations',
    {
      schema: {
        tags,
        summary: 'Recommendations, live ones first by score; filter by device, status, priority, type',
        querystring: recommendationListQuerySchema,
        response: { 200: recommendationListSchema, ...errors },
      },
    },
    async (request) => recommendations.list(request.query),
  );

  app.get(
    '/api/recommendations/:id',
    {
      schema: {
        tags,
        summary: 'One recommendation',
        params: recommendationIdParamsSchema,
        response: { 200: recommendationResponseSchema, ...errors },
      },
    },
    async (request) => ({ recommendation: await recommendations.get(request.params.id) }),
  );

  app.patch(
    '/api/recommendations/:id',
    {
      preHandler: app.requireRole('operator', 'admin'),
      schema: {
        tags,
        summary:
          'Acknowledge, complete or dismiss a recommendation (open → acknowledged → done or dismissed)',
        params: recommendationIdParamsSchema,
        body: patchRecommendationBodySchema,
        response: { 200: recommendationResponseSchema, ...errors },
      },
    },
    async (request) => ({
      recommendation: await recommendations.setStatus(request.params.id, request.body, actorOf(request)),
    }),
  );
}
