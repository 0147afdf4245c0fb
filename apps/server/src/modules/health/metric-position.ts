import type { MetricDefinition } from '@dtwin/contracts/models';

export type Zone = 'normal' | 'warning' | 'critical';

/**
 * Where a value sits for its metric: 1 inside the normal range, falling linearly to 0 at the
 * critical limit on a bad side, 0 beyond it. Leaving the normal range on the harmless side (a
 * vibration below its normal minimum) costs nothing.
 */
export function positionScore(m: MetricDefinition, v: number): number {
  const high = m.bad === 'high' || m.bad === 'both';
  const low = m.bad === 'low' || m.bad === 'both';
  if (high && v > m.normal.max) {
    const span = m.critical.max - m.normal.max;
    return span > 0 ? Math.max(0, (m.critical.max - v) / span) : 0;
  }
  if (low && v < m.normal.min) {
    const span = m.normal.min - m.critical.min;
    return span > 0 ? Math.max(0, (v - m.critical.min) / span) : 0;
  }
  return 1;
}

export function zoneOf(m: MetricDefinition, v: number): Zone {
  const high = m.bad === 'high' || m.bad === 'both';
  const low = m.bad === 'low' || m.bad === 'both';
  if ((high && v > m.critical.max) || (low && v < m.critical.min)) return 'critical';
  if ((high && v > m.normal.max) || (low && v < m.normal.min)) return 'warning';
  return 'normal';
}

export const fmt = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
export const withUnit = (v: number, unit: string) => `${fmt(v)}${unit ? ` ${unit}` : ''}`;

/** "above its normal range (0.5–2.8 mm/s)" and the like, for people. */
export function placeOf(m: MetricDefinition, v: number): string {
  const range = `${fmt(m.normal.min)}–${withUnit(m.normal.max, m.unit)}`;
  switch (zoneOf(m, v)) {
    case 'critical':
      return `beyond its critical limit (${withUnit(v > m.normal.max ? m.critical.max : m.critical.min, m.unit)})`;
    case 'warning':
      return `${v > m.normal.max ? 'above' : 'below'} its normal range (${range})`;
    default:
      return `within its normal range (${range})`;
  }
}
