import {
  createDeviceEventBodySchema,
  deviceEventListQuerySchema,
  deviceEventListSchema,
  deviceEventResponseSchema,
} from '@dtwin/contracts/device-events';
import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { DeviceEventsService } from './device-events.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerDeviceEventsRoutes(
  app: App,
  { deviceEvents }: { deviceEvents: DeviceEventsService },
) {
  const tags = ['devices'];

  app.post(
    '/api/devices/:id/events',
    {
      preHandler: app.requireRole('admin', 'operator'),
      schema: {
        tags,
        summary: 'Record a failure, repair, maintenance or inspection of the device (its maintenance log)',
        params: deviceIdParamsSchema,
        body: createDeviceEventBodySchema,
        response: { 201: deviceEventResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ event: await deviceEvents.record(request.params.id, request.body, actorOf(request)) }),
  );

  app.get(
    '/api/devices/:id/events',
    {
      schema: {
        tags,
        summary: "The device's maintenance log, newest first",
        params: deviceIdParamsSchema,
        querystring: deviceEventListQuerySchema,
        response: { 200: deviceEventListSchema, ...errors },
      },
    },
    async (request) => ({ items: await deviceEvents.list(request.params.id, request.query) }),
  );
}
