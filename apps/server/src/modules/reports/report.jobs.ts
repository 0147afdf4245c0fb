import type { JobHandlers, JobSpecs } from '../../jobs/job-types';
import type { ReportScheduleService } from './report-schedule.service';
import type { ReportService } from './report.service';

/** A report is worth fewer, slower retries than upkeep: whoever asked can ask again. */
export const reportJobSpecs = {
  'report.generate': { retry: { maxAttempts: 3, backoffMs: 10_000, maxBackoffMs: 120_000 } },
  'report.schedules': { everyMs: 60_000, retry: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 } },
  'report.scheduled': { retry: { maxAttempts: 3, backoffMs: 30_000, maxBackoffMs: 300_000 } },
} satisfies JobSpecs;

export const reportJobHandlers = ({
  reports,
  schedules,
}: {
  reports: Pick<ReportService, 'generate'>;
  schedules: Pick<ReportScheduleService, 'startDue' | 'execute'>;
}) =>
  ({
    'report.generate': (ctx) => reports.generate(ctx),
    'report.schedules': () => schedules.startDue(),
    'report.scheduled': (ctx) => schedules.execute(ctx),
  }) satisfies JobHandlers;
