import type { JobType } from '@dtwin/contracts/jobs';
import type { JobSpec } from '../../jobs/job-types';
import { anomalyJobSpecs } from '../anomaly/anomaly.jobs';
import { reportJobSpecs } from '../reports/report.jobs';
import { telemetryJobSpecs } from '../telemetry/telemetry.jobs';
import { jobsJobSpecs } from './jobs.jobs';

/** Every job type with its retry policy and period, from the modules that run them. */
export const jobSpecs = {
  ...reportJobSpecs,
  ...telemetryJobSpecs,
  ...anomalyJobSpecs,
  ...jobsJobSpecs,
} satisfies Record<JobType, JobSpec>;
