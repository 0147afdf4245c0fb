import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { deviceIdSchema } from './devices';
import { metricNameSchema } from './models';

/** Bounds of a computed metric: the server refuses anything past them with 400. */
export const computedMetricLimits = {
  /** Characters of one expression. */
  expressionLength: 500,
  /** Nesting of the expression tree (operators, calls, parentheses). */
  expressionDepth: 32,
  /** Nodes of the expression tree. */
  expressionNodes: 200,
  /** Computed metrics of one asset or device. */
  perSubject: 20,
  /** Characters of a unit. */
  unitLength: 32,
} as const;

/**
 * `POST /api/assets/{id}/metrics`. The expression combines the subtree's metrics:
 * `sum(children.flow)`, `mean(devices.vibration)`, `power / flow` (the asset's own computed
 * metrics by name), numbers and `+ - * / %`, and the functions `sum mean min max count`
 * (over `children.<metric>` or `devices.<metric>`) and `abs sqrt round floor ceil pow log exp`.
 * `POST /api/devices/{id}/metrics` takes the same body; its expression names the device's own
 * metrics (`power / flow`, `max(vibration, 0)`) and earlier computed metrics, never aggregates.
 */
export const createComputedMetricBodySchema = z
  .object({
    name: metricNameSchema,
    unit: z.string().trim().max(computedMetricLimits.unitLength).default(''),
    expression: z.string().trim().min(1).max(computedMetricLimits.expressionLength),
  })
  .strict();
export type CreateComputedMetricBody = z.infer<typeof createComputedMetricBodySchema>;

export const computedMetricSchema = z.object({
  name: z.string(),
  unit: z.string(),
  expression: z.string(),
  /** The newest computed value and its time; null before the first evaluation. */
  value: z.number().nullable(),
  ts: z.iso.datetime().nullable(),
  created_by: z.string().nullable(),
  created_at: z.iso.datetime(),
});
export type ComputedMetric = z.infer<typeof computedMetricSchema>;

export const computedMetricListSchema = z.object({ items: z.array(computedMetricSchema) });
export type ComputedMetricList = z.infer<typeof computedMetricListSchema>;

export const computedMetricParamsSchema = z.object({
  id: assetIdSchema,
  name: metricNameSchema,
});

export const deviceComputedMetricParamsSchema = z.object({
  id: deviceIdSchema,
  name: metricNameSchema,
});
