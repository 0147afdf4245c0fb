import { z } from 'zod';

export const failureProbabilitySchema = z.object({
  '24h': z.number().min(0).max(1),
  '7d': z.number().min(0).max(1),
  '30d': z.number().min(0).max(1),
});

export const predictionEvidenceSchema = z.object({
  summary: z.string(),
  /** How far back the chosen fit looked, and where it put the start of the departure. */
  lookback_h: z.number().nullable(),
  onset: z.iso.datetime().nullable(),
  points: z.number().int(),
  /** The level this metric reached before (same time of day, past 7 days) or, lacking history, its normal limit. */
  envelope_edge: z.number().nullable(),
  envelope_source: z.enum(['history', 'normal_range']),
  /** How far past that edge the metric is, as a share of the way from the edge to the critical limit. */
  departure: z.number(),
  /** How much better the degradation curve explains the data than a flat line (0 = not at all). */
  fit_evidence: z.number(),
  /** Growth rate of the exponential curve, per hour (0 for a straight line). */
  rate_per_h: z.number(),
});

export const metricPredictionSchema = z.object({
  metric: z.string(),
  unit: z.string(),
  /** Which critical limit: the high one (rising is bad) or the low one. */
  direction: z.enum(['high', 'low']),
  /** Where the metric is now (median of the last three 1-minute means), and where the fitted curve is now. */
  current: z.number().nullable(),
  level: z.number().nullable(),
  limit: z.number(),
  slope_per_h: z.number().nullable(),
  /** Remaining useful life in hours with a 90 % interval; null when no crossing is in sight (rul_high_h null = unbounded). */
  rul_h: z.number().nullable(),
  rul_low_h: z.number().nullable(),
  rul_high_h: z.number().nullable(),
  failure_at: z.iso.datetime().nullable(),
  failure_probability: failureProbabilitySchema,
  /** 0..1: how much the data support a real degradation (departure from history, fit, significance). */
  confidence: z.number().min(0).max(1),
  model: z.enum(['none', 'linear', 'exponential']),
  evidence: predictionEvidenceSchema,
  computed_at: z.iso.datetime(),
});
export type MetricPrediction = z.infer<typeof metricPredictionSchema>;

/** The device's remaining useful life learnt from its model's fleet (recorded failures). */
export const fleetRulSchema = z.object({
  /** Median RUL in hours with a 90 % interval (from the model's errors on held-out histories). */
  rul_h: z.number(),
  rul_low_h: z.number(),
  rul_high_h: z.number(),
  failure_at: z.iso.datetime(),
  failure_probability: failureProbabilitySchema,
  model_version: z.number().int(),
  /** How many run-to-failure histories the model learnt from. */
  trained_on: z.number().int(),
  /** The start of the life being predicted (the last repair, or the first reading). */
  since: z.iso.datetime(),
  computed_at: z.iso.datetime(),
});
export type FleetRul = z.infer<typeof fleetRulSchema>;

export const predictionMethodSchema = z.enum(['fleet_model', 'limit_trend']);

export const devicePredictionsSchema = z.object({
  device_id: z.string(),
  /** `fleet_model` when a fleet model exists for the device's model, else `limit_trend` (the per-metric rows). */
  method: predictionMethodSchema,
  /** The device's failure probability by the method in use: what the page, reports, rules and recommendations read. */
  failure_probability: failureProbabilitySchema,
  fleet: fleetRulSchema.nullable(),
  computed_at: z.iso.datetime().nullable(),
  predictions: z.array(metricPredictionSchema),
  /** The metric most likely to fail first (highest 7-day probability), when any has a confident prediction. */
  worst: metricPredictionSchema.nullable(),
});
export type DevicePredictions = z.infer<typeof devicePredictionsSchema>;
