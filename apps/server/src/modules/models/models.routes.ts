import {
  createModelBodySchema,
  modelIdParamsSchema,
  modelListSchema,
  modelResponseSchema,
  updateModelBodySchema,
} from '@dtwin/contracts/models';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { ModelsService } from './models.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerModelsRoutes(app: App, { models }: { models: ModelsService }) {
  const adminOnly = app.requireRole('admin');

  app.get(
    '/api/models',
    {
      schema: {
        tags: ['models'],
        summary: 'Device models: metrics with ranges, writable properties',
        response: { 200: modelListSchema, ...errors },
      },
    },
    async () => {
      const items = models.list();
      return { items, total: items.length };
    },
  );

  app.get(
    '/api/models/:id',
    {
      schema: {
        tags: ['models'],
        summary: 'One device model',
        params: modelIdParamsSchema,
        response: { 200: modelResponseSchema, ...errors },
      },
    },
    async (request) => ({
      model: models.get(request.params.id),
    }),
  );

  app.post(
    '/api/models',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['models'],
        summary: 'Add a device model',
        body: createModelBodySchema,
        response: { 201: modelResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ model: await models.create(request.body, actorOf(request)) }),
  );

  app.patch(
    '/api/models/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['models'],
        summary: 'Change a device model',
        params: modelIdParamsSchema,
        body: updateModelBodySchema,
        response: { 200: modelResponseSchema, ...errors },
      },
    },
    async (request) => ({ model: await models.update(request.params.id, request.body, actorOf(request)) }),
  );
}
