import { z } from 'zod';
import { instantSchema } from './instant';

export const healthStatuses = ['excellent', 'good', 'warning', 'critical', 'failure'] as const;
export const healthStatusSchema = z.enum(healthStatuses);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

export const healthTrendSchema = z.enum(['improving', 'stable', 'degrading']);
export type HealthTrend = z.infer<typeof healthTrendSchema>;

export const healthComponentNames = [
  'performance',
  'reliability',
  'efficiency',
  'safety',
  'maintenance',
] as const;
export type HealthComponentName = (typeof healthComponentNames)[number];

/** What pulled a component below 100: which metric, its own score, and the facts in words. */
export const healthDriverKinds = [
  'level',
  'exposure',
  'efficiency',
  'data',
  'anomaly',
  'degradation',
  'service',
] as const;
export const healthDriverSchema = z.object({
  /** level: where a metric is now; exposure: time outside its ranges; data: missing readings; anomaly: anomaly rate; degradation: a predicted failure; service: time since maintenance. */
  kind: z.enum(healthDriverKinds),
  metric: z.string().nullable(),
  score: z.number(),
  /** The number behind it: the metric's level, the share of time outside its range, of readings received… */
  value: z.number().nullable(),
  detail: z.string(),
});
export type HealthDriver = z.infer<typeof healthDriverSchema>;

export const healthComponentSchema = z.object({
  /** 0..100, or null when it does not apply (no efficiency metric) or there is nothing to judge yet. */
  score: z.number().min(0).max(100).nullable(),
  /** The configured weight, and the share it actually got once inapplicable components were left out. */
  weight: z.number(),
  applied_weight: z.number(),
  summary: z.string(),
  drivers: z.array(healthDriverSchema),
});
export type HealthComponent = z.infer<typeof healthComponentSchema>;

export const healthComponentsSchema = z.object({
  performance: healthComponentSchema,
  reliability: healthComponentSchema,
  efficiency: healthComponentSchema,
  safety: healthComponentSchema,
  maintenance: healthComponentSchema,
});
export type HealthComponents = z.infer<typeof healthComponentsSchema>;

export const deviceHealthSchema = z.object({
  device_id: z.string(),
  score: z.number().min(0).max(100),
  status: healthStatusSchema,
  components: healthComponentsSchema,
  trend: healthTrendSchema,
  /** Theil–Sen slope of the stored scores over the trend window, in points per hour. */
  trend_points_per_h: z.number().nullable(),
  computed_at: z.iso.datetime(),
  /** The readings the score was computed from. */
  window: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
  maintenance_mode: z.boolean(),
});
export type DeviceHealth = z.infer<typeof deviceHealthSchema>;

export const healthHistoryQuerySchema = z
  .object({
    from: instantSchema.optional(),
    to: instantSchema.optional(),
    limit: z.coerce.number().int().min(1).max(20_000).default(5000),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type HealthHistoryQuery = z.infer<typeof healthHistoryQuerySchema>;

export const healthHistoryPointSchema = z.object({
  ts: z.iso.datetime(),
  score: z.number(),
  status: healthStatusSchema,
  components: z.record(z.string(), z.number().nullable()),
});

/** One point per device and minute (the last score computed in that minute), oldest first. */
export const healthHistorySchema = z.object({
  device_id: z.string(),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  points: z.array(healthHistoryPointSchema),
});
export type HealthHistory = z.infer<typeof healthHistorySchema>;
