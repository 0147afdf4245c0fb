import {
  computedMetricListSchema,
  computedMetricParamsSchema,
  computedMetricSchema,
  createComputedMetricBodySchema,
} from '@dtwin/contracts/computed-metrics';
import { telemetryQuerySchema, telemetrySeriesSchema } from '@dtwin/contracts/telemetry';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { ComputedMetricsService } from './computed-metrics.service';

const errors = errorResponses(400, 401, 403, 404, 409);
const assetParams = computedMetricParamsSchema.pick({ id: true });

export function registerComputedMetricsRoutes(
  app: App,
  { computedMetrics }: { computedMetrics: ComputedMetricsService },
) {
  const tags = ['assets'];

  app.post(
    '/api/assets/:id/metrics',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        summary:
          'Define a computed metric of the asset: an expression over its subtree, e.g. sum(children.flow)',
        params: assetParams,
        body: createComputedMetricBodySchema,
        response: { 201: computedMetricSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await computedMetrics.create(request.params.id, request.body, actorOf(request))),
  );

  app.get(
    '/api/assets/:id/metrics',
    {
      schema: {
        tags,
        summary: "The asset's computed metrics with their latest values",
        params: assetParams,
        response: { 200: computedMetricListSchema, ...errors },
      },
    },
    async (request) => ({ items: await computedMetrics.list(request.params.id) }),
  );

  app.delete(
    '/api/assets/:id/metrics/:name',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        summary: 'Delete a computed metric and its history',
        params: computedMetricParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await computedMetrics.remove(request.params.id, request.params.name, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/assets/:id/telemetry',
    {
      schema: {
        tags,
        summary:
          'History of a computed metric: raw values or 1-minute / 1-hour / 1-day buckets, chosen from the range',
        params: assetParams,
        querystring: telemetryQuerySchema,
        response: { 200: telemetrySeriesSchema, ...errors },
      },
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => computedMetrics.history(request.params.id, request.query),
  );
}
