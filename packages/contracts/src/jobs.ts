import { z } from 'zod';
import { scheduledReportJobPayloadSchema } from './report-schedules';
import { reportJobPayloadSchema } from './reports';

/**
 * Background jobs run through one queue stored in the database. Each type has a payload schema:
 * a job is validated when it is enqueued and again when a worker picks it up.
 */
export const jobPayloadSchemas = {
  /** Renders a health report and stores it; the result is `{report_id, download_url}`. */
  'report.generate': reportJobPayloadSchema,
  /** Starts the report schedules that are due (a run each, queued as `report.scheduled`). */
  'report.schedules': z.object({}),
  /** Renders one scheduled run's report and mails it through the schedule's e-mail channel. */
  'report.scheduled': scheduledReportJobPayloadSchema,
  /** Deletes raw readings and rollups past their retention. */
  'telemetry.retention': z.object({}),
  /** Storage upkeep of the telemetry tables once retention has deleted rows (space, statistics). */
  'telemetry.compact': z.object({}),
  /** Re-learns the anomaly detectors' baselines from recent history. */
  'analytics.baselines': z.object({}),
  /** Deletes finished jobs and old reports. */
  'jobs.prune': z.object({}),
} as const;

export type JobType = keyof typeof jobPayloadSchemas;
export const jobTypes = Object.keys(jobPayloadSchemas) as [JobType, ...JobType[]];
export const jobTypeSchema = z.enum(jobTypes);

export type JobPayload<T extends JobType> = z.infer<(typeof jobPayloadSchemas)[T]>;

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export const jobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** `GET /api/jobs/{id}`; a finished report's `result` is `{report_id, download_url}`. */
export const jobSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: jobStatusSchema,
  progress: z.number().min(0).max(1),
  result: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  attempts: z.number().int(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const jobListQuerySchema = z.object({
  status: jobStatusSchema.optional(),
  type: jobTypeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type JobListQuery = z.infer<typeof jobListQuerySchema>;

export const jobListSchema = z.object({ items: z.array(jobSchema) });
export type JobList = z.infer<typeof jobListSchema>;
