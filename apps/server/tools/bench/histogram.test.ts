import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  createHistogram,
  mergeHistograms,
  percentileOf,
  summarize,
  upperBoundOf,
} from './histogram';

describe('latency histogram', () => {
  it('puts every value in a bucket whose bound is within 1 % above it', () => {
    for (const ms of [0.0015, 0.2, 1, 3.3, 47.9, 1234.5, 98_765]) {
      const bound = upperBoundOf(bucketOf(ms));
      expect(bound).toBeGreaterThanOrEqual(ms * (1 - 1e-9));
      expect(bound).toBeLessThanOrEqual(ms * 1.0101);
    }
  });

  it('gives percentiles within 1 % of the exact ones', () => {
    const h = createHistogram();
    const samples = Array.from({ length: 10_000 }, (_, i) => 0.5 + ((i * 7919) % 10_000) / 100);
    samples.forEach((s) => h.record(s));
    for (const p of [50, 90, 99, 99.9]) {
      const exact = percentileOf(samples, p)!;
      expect(h.percentile(p)!).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
      expect(h.percentile(p)!).toBeLessThanOrEqual(exact * 1.0101);
    }
    expect(h.summary().max_ms).toBe(100.49);
  });

  it('never reports a percentile above the largest sample', () => {
    const h = createHistogram();
    h.record(10);
    expect(h.percentile(99)).toBe(10);
  });

  it('merges histograms from several processes as if one had recorded everything', () => {
    const a = createHistogram();
    const b = createHistogram();
    const all = createHistogram();
    for (let i = 1; i <= 1000; i += 1) {
      (i % 3 === 0 ? a : b).record(i / 10);
      all.record(i / 10);
    }
    const merged = mergeHistograms([a.toJSON(), b.toJSON()]);
    expect(merged.count).toBe(1000);
    expect(merged.summary()).toEqual(all.summary());
  });

  it('ignores values that are not latencies', () => {
    const h = createHistogram();
    h.record(Number.NaN);
    h.record(-1);
    expect(h.count).toBe(0);
    expect(h.summary()).toEqual({ count: 0, p50_ms: null, p99_ms: null, max_ms: null, mean_ms: null });
  });
});

describe('exact percentiles', () => {
  it('uses the nearest rank', () => {
    const samples = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentileOf(samples, 50)).toBe(5);
    expect(percentileOf(samples, 99)).toBe(10);
    expect(percentileOf(samples, 10)).toBe(1);
    expect(percentileOf([], 50)).toBeNull();
  });

  it('summarises count, p50, p99, max and mean', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarize(samples)).toEqual({ count: 100, p50_ms: 50, p99_ms: 99, max_ms: 100, mean_ms: 50.5 });
  });
});
