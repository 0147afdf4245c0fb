import { jobIdParamsSchema, jobListQuerySchema, jobListSchema, jobSchema } from '@dtwin/contracts/jobs';
import type { JobQueue } from '../../jobs/job-queue';
import { errorResponses } from '../../route-kit/error-responses';
import { principalOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';

const errors = errorResponses(400, 401, 403, 404);

export function registerJobsRoutes(app: App, { jobs }: { jobs: JobQueue }) {
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
      preHandler: app.requireRole('admin'),
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
