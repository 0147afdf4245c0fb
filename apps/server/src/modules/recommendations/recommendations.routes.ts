import { errorBodySchema } from '@dtwin/contracts/errors';
import {
  patchRecommendationBodySchema,
  recommendationIdParamsSchema,
  recommendationListQuerySchema,
  recommendationListSchema,
  recommendationResponseSchema,
} from '@dtwin/contracts/recommendations';
import { actorOf, requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from '../audit/audit.service';
import type { RecommendationsService } from './recommendations.service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export function registerRecommendationsRoutes(
  app: App,
  { recommendations, audit }: { recommendations: RecommendationsService; audit: AuditService },
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
      preHandler: requireRole(audit, 'operator', 'admin'),
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
