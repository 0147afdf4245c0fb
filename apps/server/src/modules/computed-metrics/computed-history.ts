import type { TelemetryQuery, TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { ComputedMetricsRepository } from './computed-metrics.repository';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RAW_MAX_SPAN_MS = 6 * HOUR;
const widths = { '1m': MINUTE, '1h': HOUR, '1d': DAY } as const;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A computed metric's history, like a device metric's: raw values, or 1m / 1h / 1d buckets
 * when the range holds more than `limit` values (the same choice for assets and devices).
 */
export async function computedHistory(
  repository: Pick<ComputedMetricsRepository, 'count' | 'raw' | 'buckets'>,
  metric: { id: number; name: string; unit: string },
  query: TelemetryQuery,
  now: number,
): Promise<TelemetrySeries> {
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - HOUR;
  const span = to - from;
  const step =
    query.step ??
    (span <= RAW_MAX_SPAN_MS && (await repository.count(metric.id, from, to)) <= query.limit
      ? 'raw'
      : span / MINUTE < query.limit
        ? '1m'
        : span / HOUR < query.limit
          ? '1h'
          : '1d');
  const base = { metric: metric.name, unit: metric.unit, step, from: iso(from), to: iso(to) };
  if (step === 'raw') {
    const points = await repository.raw(metric.id, from, to, query.limit);
    return { ...base, points: points.map((p) => ({ ts: iso(p.ts), value: p.value })) };
  }
  const buckets = await repository.buckets(metric.id, from, to, widths[step], query.limit);
  return {
    ...base,
    points: buckets.map((b) => ({
      ts: iso(b.bucket),
      value: b.mean,
      min: b.min,
      max: b.max,
      mean: b.mean,
      count: b.count,
    })),
  };
}
