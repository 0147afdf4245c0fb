import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { instantSchema } from './instant';
import { deviceIdSchema } from './devices';
import { metricNameSchema } from './models';

const DAY_MS = 86_400_000;
/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 366;

export const reportFormats = ['pdf', 'html'] as const;
export const reportFormatSchema = z.enum(reportFormats);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

/** The whole fleet, or one device. */
export const reportScopeSchema = z.union([z.literal('fleet'), z.object({ device_id: deviceIdSchema })]);
export type ReportScope = z.infer<typeof reportScopeSchema>;

const instant = instantSchema;

export const createReportBodySchema = z
  .object({
    scope: reportScopeSchema,
    from: instant,
    to: instant,
    format: reportFormatSchema.default('pdf'),
    /** With scope `fleet`: only the devices of this asset and everything below it. */
    asset_id: assetIdSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.asset_id !== undefined && body.scope !== 'fleet')
      ctx.addIssue({ code: 'custom', path: ['asset_id'], message: 'only narrows a fleet report' });
    const from = Date.parse(body.from);
    const to = Date.parse(body.to);
    if (!(from < to)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
    else if (to - from > MAX_REPORT_DAYS * DAY_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `a report covers at most ${MAX_REPORT_DAYS} days`,
      });
    }
  });
export type CreateReportBody = z.infer<typeof createReportBodySchema>;

export const createReportResponseSchema = z.object({ job_id: z.string() });

/** What a `report.generate` job carries: the request, normalised, and who asked. */
export const reportJobPayloadSchema = z.object({
  scope: reportScopeSchema,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  format: reportFormatSchema,
  requested_by: z.string().nullable(),
  asset_id: z.string().optional(),
});
export type ReportJobPayload = z.infer<typeof reportJobPayloadSchema>;

/** The `result` of a finished `report.generate` job. */
export const reportJobResultSchema = z.object({ report_id: z.string(), download_url: z.string() });

export const reportSchema = z.object({
  id: z.string(),
  scope: reportScopeSchema,
  /** A fleet report narrowed to this asset's subtree; absent for the whole fleet. */
  asset_id: z.string().optional(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  format: reportFormatSchema,
  file_name: z.string(),
  size: z.number().int(),
  created_by: z.string().nullable(),
  created_at: z.iso.datetime(),
  download_url: z.string(),
});
export type Report = z.infer<typeof reportSchema>;

export const reportListSchema = z.object({ items: z.array(reportSchema) });
export type ReportList = z.infer<typeof reportListSchema>;

export const reportIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** `a,b` or repeated parameters, as a list without blanks or repeats. */
const listParam = z.union([z.string(), z.array(z.string())]).transform((v) => [
  ...new Set(
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ),
]);

export const exportFormats = ['csv', 'json'] as const;
export const exportSteps = ['raw', '1m', '1h'] as const;

/**
 * `GET /api/export`: telemetry of some devices and metrics (all when absent) over [from, to),
 * raw or as 1-minute / 1-hour rollups, streamed. `X-Total-Count` announces the row count.
 * `asset_id` keeps the devices of that asset and everything below it (with `device_id`: those
 * of the listed devices that are in it).
 */
export const exportQuerySchema = z
  .object({
    format: z.enum(exportFormats).default('csv'),
    from: instant,
    to: instant,
    device_id: listParam.pipe(z.array(deviceIdSchema).max(1000)).optional(),
    asset_id: assetIdSchema.optional(),
    metric: listParam.pipe(z.array(metricNameSchema).max(200)).optional(),
    step: z.enum(exportSteps).default('raw'),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'must be before to', path: ['from'] });
export type ExportQuery = z.infer<typeof exportQuerySchema>;

/** The header announcing how many data rows an export holds (for progress). */
export const EXPORT_TOTAL_HEADER = 'x-total-count';
