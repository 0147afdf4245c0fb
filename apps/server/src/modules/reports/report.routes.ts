import { z } from 'zod';
import {
  createReportBodySchema,
  createReportResponseSchema,
  reportIdParamsSchema,
  reportListSchema,
  reportSchema,
} from '@dtwin/contracts/reports';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { ReportService } from './report.service';

const errors = errorResponses(400, 401, 404, 429);

/**
 * Any signed-in user may request and read reports: they hold what every role already sees on
 * the dashboard, and maintenance engineers print them. Without a token every route is 401.
 */
export function registerReportRoutes(app: App, { reports }: { reports: ReportService }) {
  app.post(
    '/api/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Start a health report (fleet or one device, PDF or HTML); poll GET /api/jobs/{job_id}',
        body: createReportBodySchema,
        response: { 202: createReportResponseSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(202).send(await reports.request(request.body, actorOf(request))),
  );

  app.get(
    '/api/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Recent reports, newest first',
        response: { 200: reportListSchema, ...errors },
      },
    },
    async () => ({ items: await reports.list() }),
  );

  app.get(
    '/api/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'One report',
        params: reportIdParamsSchema,
        response: { 200: reportSchema, ...errors },
      },
    },
    async (request) => reports.get(request.params.id),
  );

  app.get(
    '/api/reports/:id/download',
    {
      schema: {
        tags: ['reports'],
        summary: 'The report file, as an attachment with a server-made file name',
        params: reportIdParamsSchema,
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (request, reply) => {
      const file = await reports.download(request.params.id);
      return (
        reply
          .header('Content-Type', file.contentType)
          .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
          .header('Content-Length', String(file.content.length))
          .header('Cache-Control', 'private, no-store')
          // Opened in a browser anyway, an HTML report can run nothing and load nothing.
          .header(
            'Content-Security-Policy',
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
          )
          .send(file.content)
      );
    },
  );
}
