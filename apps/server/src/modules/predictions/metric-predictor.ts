import type { MetricDefinition } from '@dtwin/contracts/models';
import type { MetricPrediction } from '@dtwin/contracts/predictions';
import { bucketPoints, type SeriesReader } from '../../analytics/series-reader';
import type { Direction } from './degradation-fit';
import { envelopeEdge, sameTimeWindows } from './failure-assessment';
import { MINUTES_SPAN_MS, predictMetric, RAW_SPAN_MS } from './metric-prediction';

const MINUTE = 60_000;

/** What one metric's prediction is computed from, besides its history (plain data: it crosses to the analytics thread). */
export interface MetricPredictionInput {
  deviceId: string;
  metric: MetricDefinition;
  now: number;
  /** Trends restart here after a commanded change (null: none). */
  since: number | null;
}

/**
 * The prediction of one metric from its raw readings and 1-minute rollups read through `reader`
 * (see metric-prediction.ts), with the device's envelope (the past week at this time of day,
 * which moves slowly) kept for `envelopeTtlMs`. The one code path, whether it runs on the
 * analytics thread (with that thread's connection) or in this one (ANALYTICS_THREAD=off).
 */
export function createMetricPredictor(
  reader: SeriesReader,
  { envelopeTtlMs = 15 * MINUTE, maxEnvelopes = 100_000 } = {},
) {
  const envelopes = new Map<string, { value: number | null; at: number }>();

  async function envelope(deviceId: string, metric: MetricDefinition, direction: Direction, now: number) {
    const key = `${deviceId}\u0000${metric.name}\u0000${direction}`;
    const cached = envelopes.get(key);
    if (cached && now - cached.at < envelopeTtlMs) return cached.value;
    const values: number[] = [];
    for (const w of sameTimeWindows(now))
      values.push(...(await reader.minutes(deviceId, metric, w.from, w.to)).map((b) => b.mean));
    const value = envelopeEdge(values, direction);
    envelopes.delete(key);
    if (envelopes.size >= maxEnvelopes) envelopes.delete(envelopes.keys().next().value ?? '');
    envelopes.set(key, { value, at: now });
    return value;
  }

  return {
    async predict({ deviceId, metric, now, since }: MetricPredictionInput): Promise<MetricPrediction | null> {
      const start = since ?? -Infinity;
      const raw = await reader.raw(deviceId, metric, Math.max(start, now - RAW_SPAN_MS), now + 1);
      const minuteBuckets = await reader.minutes(
        deviceId,
        metric,
        Math.max(start, now - MINUTES_SPAN_MS),
        now + 1,
      );
      return predictMetric({
        metric,
        series: { raw, minutes: bucketPoints(minuteBuckets, MINUTE) },
        now,
        current: minuteBuckets.at(-1)?.mean ?? raw.at(-1)?.y ?? null,
        envelope: (direction) => envelope(deviceId, metric, direction, now),
      });
    },

    forget(deviceId: string): void {
      for (const key of envelopes.keys()) if (key.startsWith(`${deviceId}\u0000`)) envelopes.delete(key);
    },
  };
}
