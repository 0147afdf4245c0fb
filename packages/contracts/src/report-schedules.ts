import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { MAX_REPORT_DAYS, reportFormatSchema, reportScopeSchema } from './reports';

export const scheduleFrequencies = ['daily', 'weekly', 'monthly'] as const;
export const scheduleFrequencySchema = z.enum(scheduleFrequencies);
export type ScheduleFrequency = z.infer<typeof scheduleFrequencySchema>;

/** The most report schedules a server keeps, and the runs listed per schedule. */
export const MAX_REPORT_SCHEDULES = 100;
export const MAX_LISTED_RUNS = 50;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * A report mailed on a schedule: the last `period_days` days of the fleet (or, with `asset_id`,
 * of that asset and everything below it) or of a device, every day,
 * week (on `weekday`, 0 = Sunday) or month (on `day_of_month`, 1–28) at `time` in `time_zone`,
 * through an e-mail channel.
 */
export const createReportScheduleBodySchema = z
  .object({
    name: z.string().trim().min(1, 'give the schedule a name').max(120, 'at most 120 characters'),
    scope: reportScopeSchema,
    /** With scope `fleet`: only the devices of this asset and everything below it. */
    asset_id: assetIdSchema.optional(),
    period_days: z
      .number()
      .int()
      .min(1, 'at least 1 day')
      .max(MAX_REPORT_DAYS, `at most ${MAX_REPORT_DAYS} days`),
    format: reportFormatSchema.default('pdf'),
    frequency: scheduleFrequencySchema,
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day like 07:30'),
    weekday: z.number().int().min(0).max(6).optional(),
    day_of_month: z.number().int().min(1).max(28, 'days 1 to 28, so every month has it').optional(),
    time_zone: z.string().min(1).max(64).refine(isTimeZone, 'not a time zone (e.g. Europe/Berlin, UTC)'),
    channel_id: z.number().int().positive(),
    enabled: z.boolean().default(true),
  })
  .superRefine((b, ctx) => {
    if (b.asset_id !== undefined && b.scope !== 'fleet')
      ctx.addIssue({ code: 'custom', path: ['asset_id'], message: 'only narrows a fleet report' });
    if (b.frequency === 'weekly' && b.weekday === undefined)
      ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'choose the day of the week' });
    if (b.frequency === 'monthly' && b.day_of_month === undefined)
      ctx.addIssue({ code: 'custom', path: ['day_of_month'], message: 'choose the day of the month' });
  });
export type CreateReportScheduleBody = z.infer<typeof createReportScheduleBodySchema>;

export const reportRunStatuses = ['queued', 'running', 'sent', 'failed'] as const;
export const reportRunSchema = z.object({
  id: z.number().int(),
  schedule_id: z.number().int(),
  status: z.enum(reportRunStatuses),
  started_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  report_id: z.string().nullable(),
  error: z.string().nullable(),
});
export type ReportRun = z.infer<typeof reportRunSchema>;

export const reportScheduleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  scope: reportScopeSchema,
  /** A fleet report narrowed to this asset's subtree; absent for the whole fleet or a device. */
  asset_id: z.string().optional(),
  period_days: z.number().int(),
  format: reportFormatSchema,
  frequency: scheduleFrequencySchema,
  time: z.string(),
  weekday: z.number().int().nullable(),
  day_of_month: z.number().int().nullable(),
  time_zone: z.string(),
  channel_id: z.number().int(),
  enabled: z.boolean(),
  next_run_at: z.iso.datetime(),
  created_by: z.string(),
  created_at: z.iso.datetime(),
  last_run: reportRunSchema.nullable(),
});
export type ReportSchedule = z.infer<typeof reportScheduleSchema>;

export const reportScheduleListSchema = z.object({ items: z.array(reportScheduleSchema) });
export const reportRunListSchema = z.object({ items: z.array(reportRunSchema) });
export const reportScheduleIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** What a `report.scheduled` job carries: the run to make and mail. */
export const scheduledReportJobPayloadSchema = z.object({ run_id: z.number().int().positive() });
