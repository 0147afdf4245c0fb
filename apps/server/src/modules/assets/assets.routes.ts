import {
  assetIdParamsSchema,
  assetListQuerySchema,
  assetListSchema,
  assetResponseSchema,
  assetStatusSchema,
  assetTreeSchema,
  createAssetBodySchema,
  deleteAssetQuerySchema,
  updateAssetBodySchema,
} from '@dtwin/contracts/assets';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { AssetsService } from './assets.service';

const errors = errorResponses(400, 401, 403, 404, 409);

/** The plant's hierarchy: admins write, everyone signed in reads. */
export function registerAssetsRoutes(app: App, { assets }: { assets: AssetsService }) {
  const adminOnly = app.requireRole('admin');
  const tags = ['assets'];
  const params = assetIdParamsSchema;

  app.get(
    '/api/assets',
    {
      schema: {
        tags,
        summary: 'Assets, filtered by type, parent or text in the id or name',
        querystring: assetListQuerySchema,
        response: { 200: assetListSchema, ...errors },
      },
    },
    async (request) => assets.list(request.query),
  );

  app.post(
    '/api/assets',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Create an asset (a site, area, line, machine…) under a parent or as a root',
        body: createAssetBodySchema,
        response: { 201: assetResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ asset: await assets.create(request.body, actorOf(request)) }),
  );

  app.get(
    '/api/assets/:id',
    {
      schema: { tags, summary: 'One asset', params, response: { 200: assetResponseSchema, ...errors } },
    },
    async (request) => ({ asset: await assets.get(request.params.id) }),
  );

  app.patch(
    '/api/assets/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Rename, retype or move an asset, or replace its properties or tags (no cycles)',
        params,
        body: updateAssetBodySchema,
        response: { 200: assetResponseSchema, ...errors },
      },
    },
    async (request) => ({ asset: await assets.update(request.params.id, request.body, actorOf(request)) }),
  );

  app.delete(
    '/api/assets/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Delete an asset; 409 while it has children or devices unless ?cascade=detach',
        params,
        querystring: deleteAssetQuerySchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await assets.remove(
        request.params.id,
        { detach: request.query.cascade === 'detach' },
        actorOf(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/assets/:id/tree',
    {
      schema: {
        tags,
        summary: 'The asset and everything below it, with the devices attached at each level',
        params,
        response: { 200: assetTreeSchema, ...errors },
      },
    },
    async (request) => assets.tree(request.params.id),
  );

  app.get(
    '/api/assets/:id/status',
    {
      schema: {
        tags,
        summary: 'Devices, online, worst condition, health (mean, min) and active alerts over the subtree',
        params,
        response: { 200: assetStatusSchema, ...errors },
      },
    },
    async (request) => assets.status(request.params.id),
  );
}
