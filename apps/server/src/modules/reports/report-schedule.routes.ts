import { z } from 'zod';
import {
  createReportScheduleBodySchema,
  reportRunListSchema,
  reportRunSchema,
  reportScheduleIdParamsSchema,
  reportScheduleListSchema,
  reportScheduleSchema,
} from '@dtwin/contracts/report-schedules';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { ReportScheduleService } from './report-schedule.service';

const errors = errorResponses(400, 401, 403, 404, 409);

/** Everyone reads the schedules and their runs; admins make, run and delete them. */
export function registerReportScheduleRoutes(
  app: App,
  { reportSchedules }: { reportSchedules: ReportScheduleService },
) {
  // Schedules mail through notification channels, which only admins see and manage.
  const admins = app.requireRole('admin');
  const tags = ['reports'];
  const params = reportScheduleIdParamsSchema;

  app.get(
    '/api/report-schedules',
    {
      schema: {
        tags,
        summary: 'Report schedules, with their last run',
        response: { 200: reportScheduleListSchema, ...errors },
      },
    },
    async () => ({ items: await reportSchedules.list() }),
  );

  app.post(
    '/api/report-schedules',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Mail a report daily, weekly or monthly at a time in a time zone, through an e-mail channel',
        body: createReportScheduleBodySchema,
        response: { 201: reportScheduleSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reportSchedules.create(request.body, actorOf(request))),
  );

  app.get(
    '/api/report-schedules/:id',
    {
      schema: {
        tags,
        summary: 'One report schedule',
        params,
        response: { 200: reportScheduleSchema, ...errors },
      },
    },
    async (request) => reportSchedules.get(request.params.id),
  );

  app.delete(
    '/api/report-schedules/:id',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Delete a report schedule and its runs',
        params,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await reportSchedules.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/report-schedules/:id/runs',
    {
      schema: {
        tags,
        summary: 'The latest runs of a schedule, newest first',
        params,
        response: { 200: reportRunListSchema, ...errors },
      },
    },
    async (request) => ({ items: await reportSchedules.runs(request.params.id) }),
  );

  app.post(
    '/api/report-schedules/:id/run',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Make and mail the report now',
        params,
        response: { 202: reportRunSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(202).send(await reportSchedules.runNow(request.params.id)),
  );
}
