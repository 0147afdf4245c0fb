import { errorBodySchema } from '@dtwin/contracts/errors';
import {
  createModelBodySchema,
  modelIdParamsSchema,
  modelListSchema,
  modelResponseSchema,
  updateModelBodySchema,
} from '@dtwin/contracts/models';
import { actorOf, requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from '../audit/audit.service';
import type { ModelsService } from './models.service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export function registerModelsRoutes(
  app: App,
  { models, audit }: { models: ModelsService; audit: AuditService },
) {
  const adminOnly = requireRole(audit, 'admin');

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
