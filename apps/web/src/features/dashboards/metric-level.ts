import type { MetricDefinition } from '@dtwin/contracts/models';

export type Level = 'normal' | 'warning' | 'critical' | 'unknown';

/** Where a value stands against the model's ranges, on the side(s) the model says are bad. */
export function levelOf(metric: MetricDefinition | undefined, value: number | null | undefined): Level {
  if (!metric || value === null || value === undefined || !Number.isFinite(value)) return 'unknown';
  const high = metric.bad !== 'low';
  const low = metric.bad !== 'high';
  if ((high && value > metric.critical.max) || (low && value < metric.critical.min)) return 'critical';
  if ((high && value > metric.normal.max) || (low && value < metric.normal.min)) return 'warning';
  return 'normal';
}

export const levelLabels: Record<Level, string> = {
  normal: 'Normal',
  warning: 'Outside normal',
  critical: 'Critical',
  unknown: 'No reading',
};
