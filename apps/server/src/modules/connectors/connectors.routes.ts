import {
  acceptPendingBodySchema,
  acceptPendingResponseSchema,
  connectorIdParamsSchema,
  connectorListSchema,
  connectorResponseSchema,
  connectorStatusSchema,
  createConnectorBodySchema,
  pendingDeviceListSchema,
  updateConnectorBodySchema,
} from '@dtwin/contracts/connectors';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { ConnectorStatusReader } from './connector-status';
import type { ConnectorsService } from './connectors.service';
import type { PendingDevices } from './connector-pending';

const errors = errorResponses(400, 401, 403, 404, 409);

/** Connectors (Modbus TCP, Sparkplug B, OPC UA), admins only. Secrets go in and never come back. */
export function registerConnectorsRoutes(
  app: App,
  {
    connectors,
    connectorStatus,
    pendingDevices,
  }: {
    connectors: ConnectorsService;
    connectorStatus: ConnectorStatusReader;
    pendingDevices: PendingDevices;
  },
) {
  const adminOnly = app.requireRole('admin');
  const tags = ['connectors'];
  const params = connectorIdParamsSchema;

  app.get(
    '/api/connectors',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Connectors, each with its status',
        response: { 200: connectorListSchema, ...errors },
      },
    },
    async () => ({
      items: (await connectors.list()).map((c) => ({ ...c, status: connectorStatus.of(c) })),
    }),
  );

  app.post(
    '/api/connectors',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Add a connector; it starts at once when enabled',
        body: createConnectorBodySchema,
        response: { 201: connectorResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ connector: await connectors.create(request.body, actorOf(request)) }),
  );

  app.get(
    '/api/connectors/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'One connector',
        params,
        response: { 200: connectorResponseSchema, ...errors },
      },
    },
    async (request) => ({ connector: await connectors.get(request.params.id) }),
  );

  app.patch(
    '/api/connectors/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Change a connector (config, mappings, enabled); it restarts with the change',
        params,
        body: updateConnectorBodySchema,
        response: { 200: connectorResponseSchema, ...errors },
      },
    },
    async (request) => ({
      connector: await connectors.update(request.params.id, request.body, actorOf(request)),
    }),
  );

  app.delete(
    '/api/connectors/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Delete a connector (it stops)',
        params,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await connectors.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/connectors/:id/status',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Connection state, last error, counts of readings and rejections, mapping errors',
        params,
        response: { 200: connectorStatusSchema, ...errors },
      },
    },
    async (request) => connectorStatus.of(await connectors.get(request.params.id)),
  );

  app.get(
    '/api/connectors/:id/pending',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Sparkplug devices seen by an auto_map connector that no mapping covers yet',
        params,
        response: { 200: pendingDeviceListSchema, ...errors },
      },
    },
    async (request) => ({ items: await pendingDevices.list(request.params.id) }),
  );

  app.post(
    '/api/connectors/:id/pending/accept',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Accept a pending device: it is created with the model and its same-named metrics mapped',
        params,
        body: acceptPendingBodySchema,
        response: { 201: acceptPendingResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await pendingDevices.accept(request.params.id, request.body, actorOf(request))),
  );
}
