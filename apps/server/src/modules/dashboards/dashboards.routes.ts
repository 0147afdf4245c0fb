import {
  createDashboardBodySchema,
  customDashboardSchema,
  dashboardIdParamsSchema,
  dashboardListSchema,
  homeDashboardBodySchema,
  homeDashboardSchema,
  updateDashboardBodySchema,
} from '@dtwin/contracts/dashboards';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { principalOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { DashboardsService, Viewer } from './dashboards.service';

const errors = errorResponses(400, 401, 403, 404, 409);

function viewerOf(request: FastifyRequest): Viewer {
  const { userId, username, role } = principalOf(request);
  return { userId, username, role, ip: request.ip };
}

/**
 * Dashboards people build. Every user sees their own and the shared ones (admins all);
 * operators and admins create; only the owner or an admin changes or deletes one.
 */
export function registerDashboardsRoutes(app: App, { dashboards }: { dashboards: DashboardsService }) {
  const tags = ['dashboards'];
  const params = dashboardIdParamsSchema;
  const builders = app.requireRole('admin', 'operator');

  app.get(
    '/api/dashboards',
    {
      schema: {
        tags,
        summary: 'The dashboards you can see (yours and the shared ones) and your home dashboard',
        response: { 200: dashboardListSchema, ...errors },
      },
    },
    async (request) => dashboards.list(viewerOf(request)),
  );

  app.post(
    '/api/dashboards',
    {
      preHandler: builders,
      schema: {
        tags,
        summary: 'Create a dashboard (also how an exported dashboard is imported)',
        body: createDashboardBodySchema,
        response: { 201: customDashboardSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await dashboards.create(request.body, viewerOf(request))),
  );

  app.get(
    '/api/dashboards/home',
    {
      schema: { tags, summary: 'Your home dashboard', response: { 200: homeDashboardSchema, ...errors } },
    },
    async (request) => ({ home: await dashboards.home(viewerOf(request)) }),
  );

  app.put(
    '/api/dashboards/home',
    {
      schema: {
        tags,
        summary: 'Choose your home dashboard (any you can see), or none',
        body: homeDashboardBodySchema,
        response: { 200: homeDashboardSchema, ...errors },
      },
    },
    async (request) => ({ home: await dashboards.setHome(request.body.dashboard_id, viewerOf(request)) }),
  );

  app.get(
    '/api/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'One dashboard, as stored (the export format)',
        params,
        response: { 200: customDashboardSchema, ...errors },
      },
    },
    async (request) => dashboards.get(request.params.id, viewerOf(request)),
  );

  app.put(
    '/api/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'Replace a dashboard (owner or admin)',
        params,
        body: updateDashboardBodySchema,
        response: { 200: customDashboardSchema, ...errors },
      },
    },
    async (request) => dashboards.replace(request.params.id, request.body, viewerOf(request)),
  );

  app.delete(
    '/api/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'Delete a dashboard (owner or admin)',
        params,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await dashboards.remove(request.params.id, viewerOf(request));
      return reply.status(204).send(null);
    },
  );
}
