import type { MetricDefinition } from '@dtwin/contracts/models';
import type { TelemetryQuery, TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { ChartSpec, MetricSummary } from './report-model';

export type HistoryReader = (
  deviceId: string,
  metric: { name: string; unit: string },
  query: TelemetryQuery,
) => Promise<TelemetrySeries>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PAGE = 20_000;

/**
 * Rollups to read for a period: minutes for up to three days (while the 1-minute tier still
 * holds the start), hours beyond. Time outside a range is counted per bucket by its mean, so
 * its resolution is the bucket's.
 */
export function stepFor(from: number, to: number, now: number): { step: '1m' | '1h'; widthMs: number } {
  return to - from <= 3 * DAY && from >= now - 89 * DAY
    ? { step: '1m', widthMs: MINUTE }
    : { step: '1h', widthMs: HOUR };
}

interface Slot {
  min: number;
  max: number;
  sum: number;
  count: number;
}

/**
 * Summarises one metric over [from, to) from its rollups, page by page, and folds the buckets
 * into at most `slots` chart points, so memory does not grow with the period.
 */
export async function summarizeMetric(
  read: HistoryReader,
  deviceId: string,
  metric: MetricDefinition,
  period: { from: number; to: number; now: number },
  slots: number,
): Promise<{ summary: MetricSummary; chart: ChartSpec }> {
  const { from, to } = period;
  const { step, widthMs } = stepFor(from, to, period.now);
  const slotMs = Math.max(widthMs, Math.ceil((to - from) / slots / widthMs) * widthMs);
  const chartSlots = new Map<number, Slot>();
  const summary: MetricSummary = {
    name: metric.name,
    label: metric.label,
    unit: metric.unit,
    normal: metric.normal,
    critical: metric.critical,
    count: 0,
    min: null,
    max: null,
    mean: null,
    coveredMs: 0,
    outsideNormalMs: 0,
    outsideCriticalMs: 0,
  };
  let weighted = 0;
  let cursor = from;
  for (;;) {
    const query: TelemetryQuery = {
      metric: metric.name,
      from: new Date(cursor).toISOString(),
      to: new Date(to).toISOString(),
      step,
      limit: PAGE,
    };
    const series = await read(deviceId, { name: metric.name, unit: metric.unit }, query);
    for (const p of series.points) {
      const t = Date.parse(p.ts);
      const mean = p.mean ?? p.value;
      if (mean === undefined || !Number.isFinite(mean)) continue;
      const count = p.count ?? 1;
      const lo = p.min ?? mean;
      const hi = p.max ?? mean;
      summary.count += count;
      summary.min = summary.min === null ? lo : Math.min(summary.min, lo);
      summary.max = summary.max === null ? hi : Math.max(summary.max, hi);
      weighted += mean * count;
      summary.coveredMs += widthMs;
      if (mean < metric.normal.min || mean > metric.normal.max) summary.outsideNormalMs += widthMs;
      if (mean < metric.critical.min || mean > metric.critical.max) summary.outsideCriticalMs += widthMs;
      const key = from + Math.floor((t - from) / slotMs) * slotMs;
      const slot = chartSlots.get(key);
      if (slot) {
        slot.min = Math.min(slot.min, lo);
        slot.max = Math.max(slot.max, hi);
        slot.sum += mean * count;
        slot.count += count;
      } else chartSlots.set(key, { min: lo, max: hi, sum: mean * count, count });
    }
    const last = series.points.at(-1);
    if (series.points.length < PAGE || !last) break;
    cursor = Date.parse(last.ts) + widthMs;
    if (cursor >= to) break;
  }
  if (summary.count > 0) summary.mean = weighted / summary.count;
  const points = [...chartSlots.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, s]) => ({ t, mean: s.sum / s.count, min: s.min, max: s.max }));
  const chart: ChartSpec = {
    title: `${metric.label} (${metric.unit})`,
    unit: metric.unit,
    from,
    to,
    kind: 'line',
    points,
    bars: [],
    stacks: [],
    normal: metric.normal,
    critical: metric.critical,
  };
  return { summary, chart };
}

/** The share of the covered time a metric spent outside its normal range (0 when nothing was covered). */
export const outsideShare = (m: MetricSummary) => (m.coveredMs > 0 ? m.outsideNormalMs / m.coveredMs : 0);
