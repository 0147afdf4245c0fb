/**
 * Latency figures. Millions of samples cannot travel between processes one by one, so workers
 * keep a log-bucketed histogram (1 % relative resolution from 1 µs up) that merges exactly;
 * small sample sets use the exact nearest-rank percentile.
 */

const MIN_MS = 0.001;
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);

/** A histogram as it crosses a process boundary. */
export interface HistogramData {
  /** bucket index → samples in it */
  buckets: Array<[number, number]>;
  count: number;
  sum: number;
  max: number;
}

export interface LatencySummary {
  count: number;
  p50_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  mean_ms: number | null;
}

export const bucketOf = (ms: number): number =>
  ms <= MIN_MS ? 0 : Math.ceil(Math.log(ms / MIN_MS) / LOG_GROWTH - 1e-9);

/** The largest value bucket `b` holds. */
export const upperBoundOf = (bucket: number): number => MIN_MS * GROWTH ** bucket;

export function createHistogram() {
  const counts = new Map<number, number>();
  let count = 0;
  let sum = 0;
  let max = 0;

  const self = {
    record(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0) return;
      const b = bucketOf(ms);
      counts.set(b, (counts.get(b) ?? 0) + 1);
      count += 1;
      sum += ms;
      if (ms > max) max = ms;
    },

    merge(other: HistogramData): void {
      for (const [b, n] of other.buckets) counts.set(b, (counts.get(b) ?? 0) + n);
      count += other.count;
      sum += other.sum;
      if (other.max > max) max = other.max;
    },

    /** Nearest rank: the smallest bucket bound that at least p % of the samples do not exceed. */
    percentile(p: number): number | null {
      if (count === 0) return null;
      const rank = Math.max(1, Math.ceil((p / 100) * count));
      let seen = 0;
      for (const b of [...counts.keys()].sort((x, y) => x - y)) {
        seen += counts.get(b)!;
        if (seen >= rank) return Math.min(upperBoundOf(b), max);
      }
      return max;
    },

    get count() {
      return count;
    },

    summary(): LatencySummary {
      return {
        count,
        p50_ms: round(self.percentile(50)),
        p99_ms: round(self.percentile(99)),
        max_ms: count === 0 ? null : round(max),
        mean_ms: count === 0 ? null : round(sum / count),
      };
    },

    toJSON(): HistogramData {
      return { buckets: [...counts], count, sum, max };
    },
  };
  return self;
}

export type Histogram = ReturnType<typeof createHistogram>;

export function mergeHistograms(parts: HistogramData[]): Histogram {
  const merged = createHistogram();
  for (const part of parts) merged.merge(part);
  return merged;
}

/** Exact nearest-rank percentile of unsorted samples. */
export function percentileOf(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50_ms: null, p99_ms: null, max_ms: null, mean_ms: null };
  let max = -Infinity;
  let sum = 0;
  for (const s of samples) {
    sum += s;
    if (s > max) max = s;
  }
  return {
    count: samples.length,
    p50_ms: round(percentileOf(samples, 50)),
    p99_ms: round(percentileOf(samples, 99)),
    max_ms: round(max),
    mean_ms: round(sum / samples.length),
  };
}

/** Two decimals: enough for milliseconds, and readable in JSON. */
export function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
