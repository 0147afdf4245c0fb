import type { DeviceModel, MetricDefinition } from '@dtwin/contracts/models';

export type AlertCondition = 'normal' | 'warning' | 'critical';

const rank: Record<AlertCondition, number> = { normal: 0, warning: 1, critical: 2 };

export const worseOf = (a: AlertCondition, b: AlertCondition): AlertCondition => (rank[a] >= rank[b] ? a : b);

/** Outside the critical range is critical, outside the normal range a warning — on the bad side only. */
export function metricCondition(metric: MetricDefinition, value: number): AlertCondition {
  const outside = (range: { min: number; max: number }) =>
    (metric.bad !== 'low' && value > range.max) || (metric.bad !== 'high' && value < range.min);
  if (outside(metric.critical)) return 'critical';
  if (outside(metric.normal)) return 'warning';
  return 'normal';
}

/** The worst condition of a device's latest readings against its model's ranges. */
export function readingCondition(
  model: Pick<DeviceModel, 'metrics'>,
  latest: Record<string, { value: number }>,
): AlertCondition {
  let worst: AlertCondition = 'normal';
  for (const metric of model.metrics) {
    const reading = latest[metric.name];
    if (reading && Number.isFinite(reading.value))
      worst = worseOf(worst, metricCondition(metric, reading.value));
  }
  return worst;
}
