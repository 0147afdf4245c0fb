import { z } from 'zod';

export const trendPatternSchema = z.object({
  /** Theil–Sen slope of the hourly means, per day, with its 90 % interval. */
  slope_per_day: z.number().nullable(),
  slope_low_per_day: z.number().nullable(),
  slope_high_per_day: z.number().nullable(),
  direction: z.enum(['rising', 'falling', 'flat']),
  days: z.number(),
});

export const seasonalityPatternSchema = z.object({
  /** Share of the variance of the (detrended) hourly means explained by the hour of the day, 0..1. */
  daily: z.number().nullable(),
  /** Share of the variance of the daily means explained by the day of the week, 0..1 (needs two weeks). */
  weekly: z.number().nullable(),
  /** Hour of the day (UTC) with the highest typical value. */
  peak_hour_utc: z.number().int().nullable(),
  trough_hour_utc: z.number().int().nullable(),
});

/** A shift in level (found after removing the trend and, when strong, the daily cycle). */
export const changePointSchema = z.object({
  at: z.iso.datetime(),
  /** Mean of the hourly means over the 6 hours before and after. */
  before: z.number(),
  after: z.number(),
  /** after − before, in units of the within-segment noise. */
  shift_sigma: z.number(),
});

export const metricPatternSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  hours: z.number().int(),
  trend: trendPatternSchema,
  seasonality: seasonalityPatternSchema,
  change_points: z.array(changePointSchema),
});
export type MetricPattern = z.infer<typeof metricPatternSchema>;

export const correlationSchema = z.object({
  a: z.string(),
  b: z.string(),
  /** Pearson's r on aligned 1-minute means. */
  r: z.number().min(-1).max(1),
  n: z.number().int(),
  strength: z.enum(['strong', 'moderate', 'weak']),
});

export const devicePatternsSchema = z.object({
  device_id: z.string(),
  computed_at: z.iso.datetime(),
  window: z.object({ hourly_from: z.iso.datetime(), minute_from: z.iso.datetime(), to: z.iso.datetime() }),
  metrics: z.array(metricPatternSchema),
  correlations: z.array(correlationSchema),
});
export type DevicePatterns = z.infer<typeof devicePatternsSchema>;
