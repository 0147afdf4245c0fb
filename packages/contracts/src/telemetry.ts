import { z } from 'zod';
import { instantSchema } from './instant';

/** ISO 8601 text or epoch milliseconds; one that cannot be read is refused as `bad_timestamp`, reading by reading. */
export const timestampSchema = z.union([z.string().max(64), z.number()]);

/** Limits of one telemetry message; a message past either is refused whole as `too_large`. */
export const telemetryLimits = { metricsPerReadingSet: 256, readingsPerMessage: 10_000 } as const;

const metricsRecord = z.record(z.string().max(64), z.unknown());

/** One reading set: `{"ts"?, "metrics": {…}}`. Values are checked one by one, so one bad value does not sink the rest. */
export const telemetryEnvelopeSchema = z.object({ ts: timestampSchema.optional(), metrics: metricsRecord });

/**
 * Everything a device may send on devices/{id}/telemetry or POST /ingest/devices/{id}/telemetry:
 * an envelope, an array of envelopes, or the short form `{"temperature": 71.2, "ts"?: …}`.
 */
export const telemetryPayloadSchema = z.union([
  telemetryEnvelopeSchema,
  z.array(telemetryEnvelopeSchema).min(1).max(10_000),
  metricsRecord,
]);

/**
 * The largest magnitude a reading may have (larger ones are refused as `out_of_range`). Rollups
 * sum values, and the 1-day step sums the hours, so a bound far below the largest double keeps
 * every sum finite: 1e15 × millions of readings is still about 1e21. No physical measurement
 * comes near it.
 */
export const MAX_READING_MAGNITUDE = 1e15;

export const rejectReasons = [
  'unknown_device',
  'bad_credentials',
  'forbidden_topic',
  'malformed_json',
  'invalid_payload',
  'unknown_metric',
  'non_finite',
  /** Larger in magnitude than 1e15: its rollups would not stay finite. */
  'out_of_range',
  'bad_timestamp',
  'future_timestamp',
  'too_old',
  'overloaded',
  'too_large',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

export const ingestResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ metric: z.string().nullable(), reason: z.enum(rejectReasons) })),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

/** `GET /api/devices/{id}/ingest`: what a device has sent since the server started, and why any was refused. */
export const ingestStatsSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.partialRecord(z.enum(rejectReasons), z.number().int()),
  last_rejection: z
    .object({ reason: z.enum(rejectReasons), metric: z.string().nullable(), at: z.iso.datetime() })
    .nullable(),
});
export type IngestStats = z.infer<typeof ingestStatsSchema>;

/** Raw readings, the stored 1-minute and 1-hour rollups, and UTC days summed from the hours. */
export const historySteps = ['raw', '1m', '1h', '1d'] as const;

export const telemetryQuerySchema = z
  .object({
    metric: z.string().max(64),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    /** raw, 1m, 1h or 1d (days summed from the 1-hour rollups); chosen from the range when absent. */
    step: z.enum(historySteps).optional(),
    limit: z.coerce.number().int().min(1).max(20_000).default(5000),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type TelemetryQuery = z.infer<typeof telemetryQuerySchema>;

export const telemetryPointSchema = z.object({
  ts: z.iso.datetime(),
  value: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  mean: z.number().optional(),
  count: z.number().int().optional(),
});

export const telemetrySeriesSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  step: z.enum(historySteps),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  points: z.array(telemetryPointSchema),
});
export type TelemetrySeries = z.infer<typeof telemetrySeriesSchema>;
