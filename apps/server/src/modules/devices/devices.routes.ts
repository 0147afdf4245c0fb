import {
  createDeviceBodySchema,
  deviceIdParamsSchema,
  deviceListQuerySchema,
  deviceListSchema,
  deviceResponseSchema,
  deviceTokenSchema,
  deviceWithTokenSchema,
  updateDeviceBodySchema,
} from '@dtwin/contracts/devices';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { DevicesService } from './devices.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerDevicesRoutes(app: App, { devices }: { devices: DevicesService }) {
  const adminOnly = app.requireRole('admin');
  const tags = ['devices'];

  app.get(
    '/api/devices',
    {
      schema: {
        tags,
        summary: 'Devices, with search, filters and paging',
        querystring: deviceListQuerySchema,
        response: { 200: deviceListSchema, ...errors },
      },
    },
    async (request) => devices.list(request.query),
  );

  app.post(
    '/api/devices',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Register a device; its ingestion token is returned once',
        body: createDeviceBodySchema,
        response: { 201: deviceWithTokenSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await devices.create(request.body, actorOf(request))),
  );

  app.get(
    '/api/devices/:id',
    {
      schema: {
        tags,
        summary: 'One device',
        params: deviceIdParamsSchema,
        response: { 200: deviceResponseSchema, ...errors },
      },
    },
    async (request) => ({ device: await devices.get(request.params.id) }),
  );

  app.patch(
    '/api/devices/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Change a device (name, location, metadata, maintenance mode)',
        params: deviceIdParamsSchema,
        body: updateDeviceBodySchema,
        response: { 200: deviceResponseSchema, ...errors },
      },
    },
    async (request) => ({ device: await devices.update(request.params.id, request.body, actorOf(request)) }),
  );

  app.delete(
    '/api/devices/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Delete a device with its twin and history',
        params: deviceIdParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await devices.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/devices/:id/credentials',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Rotate the device token; the old one stops working',
        params: deviceIdParamsSchema,
        response: { 200: deviceTokenSchema, ...errors },
      },
    },
    async (request) => ({ token: await devices.rotateCredentials(request.params.id, actorOf(request)) }),
  );
}
