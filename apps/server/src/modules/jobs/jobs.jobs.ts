import type { JobQueue } from '../../jobs/job-queue';
import type { JobHandlers, JobSpecs } from '../../jobs/job-types';
import type { AuditService } from '../audit/audit.service';
import type { ReportService } from '../reports/report.service';

const DAY = 86_400_000;
/** Finished jobs are kept a week (their results link the reports), generated reports 90 days; the audit log as configured. */
const KEEP_JOBS_MS = 7 * DAY;
const KEEP_REPORTS_MS = 90 * DAY;

export const jobsJobSpecs = {
  'jobs.prune': { everyMs: DAY, retry: { maxAttempts: 3, backoffMs: 60_000, maxBackoffMs: 600_000 } },
} satisfies JobSpecs;

export const jobsJobHandlers = ({
  jobs,
  reports,
  audit,
}: {
  jobs: Pick<JobQueue, 'prune'>;
  reports: Pick<ReportService, 'prune'>;
  audit: Pick<AuditService, 'prune'>;
}) =>
  ({
    'jobs.prune': async () => ({
      jobs: await jobs.prune(KEEP_JOBS_MS),
      reports: await reports.prune(KEEP_REPORTS_MS),
      audit: await audit.prune(),
    }),
  }) satisfies JobHandlers;
