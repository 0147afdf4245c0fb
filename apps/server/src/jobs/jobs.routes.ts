import { errorBodySchema } from '@dtwin/contracts/errors';
import { jobIdParamsSchema, jobListQuerySchema, jobListSchema, jobSchema } from '@dtwin/contracts/jobs';
import { principalOf, requireRole } from '../http/authenticate';
import type { App } from '../http/types';
import type { AuditService } from '../modules/audit/audit.service';
import type { JobQueue } from './job-queue';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export function registerJobsRoutes(app: App, { jobs, audit }: { jobs: JobQueue; audit: AuditService }) {
  // A job is seen by whoever started it and by admins; to anybody else it does not exist.
  app.get(
    '/api/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Status and progress of a background job; a finished report links to its download',
        params: jobIdParamsSchema,
        response: { 200: jobSchema, ...errors },
      },
    },
    async (request) => jobs.getFor(request.params.id, principalOf(request)),
  );

  app.get(
    '/api/jobs',
    {
      preHandler: requireRole(audit, 'admin'),
      schema: {
        tags: ['jobs'],
        summary: 'Recent jobs, newest first (admins)',
        querystring: jobListQuerySchema,
        response: { 200: jobListSchema, ...errors },
      },
    },
    async (request) => ({ items: await jobs.list(request.query) }),
  );
}
