import {
  computedMetricListSchema,
  computedMetricSchema,
  createComputedMetricBodySchema,
  deviceComputedMetricParamsSchema,
} from '@dtwin/contracts/computed-metrics';
import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { DeviceComputedMetricsService } from './device-computed-metrics.service';

const errors = errorResponses(400, 401, 403, 404, 409);

/**
 * A device's computed metrics. Their history is the device's telemetry endpoint
 * (`GET /api/devices/{id}/telemetry?metric=<name>`), like any of its metrics.
 */
export function registerDeviceComputedMetricsRoutes(
  app: App,
  { deviceComputedMetrics }: { deviceComputedMetrics: DeviceComputedMetricsService },
) {
  const tags = ['devices'];

  app.post(
    '/api/devices/:id/metrics',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        summary:
          'Define a computed metric of the device: an expression over its own metrics, e.g. power / flow',
        params: deviceIdParamsSchema,
        body: createComputedMetricBodySchema,
        response: { 201: computedMetricSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await deviceComputedMetrics.create(request.params.id, request.body, actorOf(request))),
  );

  app.get(
    '/api/devices/:id/metrics',
    {
      schema: {
        tags,
        summary: "The device's computed metrics with their latest values",
        params: deviceIdParamsSchema,
        response: { 200: computedMetricListSchema, ...errors },
      },
    },
    async (request) => ({ items: await deviceComputedMetrics.list(request.params.id) }),
  );

  app.delete(
    '/api/devices/:id/metrics/:name',
    {
      preHandler: app.requireRole('admin'),
      schema: {
        tags,
        summary: "Delete a device's computed metric and its history",
        params: deviceComputedMetricParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deviceComputedMetrics.remove(request.params.id, request.params.name, actorOf(request));
      return reply.status(204).send(null);
    },
  );
}
