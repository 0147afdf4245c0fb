import type { JobHandlers, JobSpecs } from '../../jobs/job-types';
import type { ReportService } from './report.service';

/** A report is worth fewer, slower retries than upkeep: whoever asked can ask again. */
export const reportJobSpecs = {
  'report.generate': { retry: { maxAttempts: 3, backoffMs: 10_000, maxBackoffMs: 120_000 } },
} satisfies JobSpecs;

export const reportJobHandlers = ({ reports }: { reports: Pick<ReportService, 'generate'> }) =>
  ({ 'report.generate': (ctx) => reports.generate(ctx) }) satisfies JobHandlers;
