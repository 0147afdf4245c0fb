import { describe, expect, it } from 'vitest';
import type { CurveFit, RemainingLife } from './degradation-fit';
import { assess, envelopeEdge, sameTimeWindows } from './failure-assessment';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 10, 12);

const fit = (over: Partial<CurveFit> = {}): CurveFit => ({
  model: 'exponential',
  curve: { t0: -3, k: 0.5, h: 1.3, b: 1, seB: 0.05 },
  plausible: [],
  level: 4,
  slopePerH: 1.5,
  evidence: 2,
  points: 120,
  nEff: 100,
  noise: 0.05,
  recentBias: 0,
  recentLevel: 4,
  from: NOW - 6 * HOUR,
  ...over,
});
const life = (rulH: number | null, lowH = rulH, highH = rulH ?? Infinity): RemainingLife => ({
  rulH,
  lowH,
  highH,
});
const pump = { limit: 7.1, direction: 'high' as const, normal: { min: 0.5, max: 2.8 }, now: NOW };

describe('failure assessment', () => {
  it('reads the same time of day over the past week, stopping six hours short of now', () => {
    const windows = sameTimeWindows(NOW);
    expect(windows.length).toBe(7);
    for (const w of windows) expect(w.to).toBeLessThanOrEqual(NOW - 6 * HOUR);
    expect(windows.at(-1)?.from).toBeGreaterThanOrEqual(NOW - 7 * 24 * HOUR);
  });

  it('takes the 99.5th percentile as the envelope edge, and needs an hour of history', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    expect(envelopeEdge(values, 'high')).toBeCloseTo(994, 0);
    expect(envelopeEdge(values, 'low')).toBeCloseTo(5, 0);
    expect(envelopeEdge(values.slice(0, 30), 'high')).toBeNull();
  });

  it('is confident about a metric far beyond anything it did before, and the probability grows with the horizon', () => {
    const a = assess({ fit: fit(), life: life(3, 2.5, 3.6), edge: 1.6, ...pump });
    expect(a.confidence).toBeCloseTo(1, 6);
    expect(a.probability['24h']).toBeGreaterThan(0.99);
    expect(a.probability['24h']).toBeLessThanOrEqual(a.probability['7d']);
  });

  it('does not believe a trend that stays within what the metric did before', () => {
    const a = assess({
      fit: fit({ level: 1.5, recentLevel: 1.5 }),
      life: life(3, 2.5, 3.6),
      edge: 1.6,
      ...pump,
    });
    expect(a.confidence).toBe(0);
    expect(a.probability['7d']).toBe(0);
  });

  it('does not extrapolate a short trend months ahead', () => {
    // Observed for one hour, 100 hours to go: within 3 h nothing happens.
    const a = assess({
      fit: fit({ curve: { t0: -1, k: 0, h: 3, b: 0.04, seB: 0.001 } }),
      life: life(100, 90, 110),
      edge: 1.6,
      ...pump,
    });
    expect(a.confidence).toBeGreaterThan(0.9);
    expect(a.probability['30d']).toBeLessThan(0.01);
  });

  it('distrusts a curve that misses the latest readings', () => {
    expect(
      assess({ fit: fit({ recentBias: 5 }), life: life(3, 2.5, 3.6), edge: 1.6, ...pump }).confidence,
    ).toBe(0);
  });

  it('calls a metric past its limit a certain failure', () => {
    const a = assess({ fit: fit({ level: 7.5, recentLevel: 7.5 }), life: life(0, 0, 0), edge: 1.6, ...pump });
    expect(a.confidence).toBe(1);
    expect(a.probability).toEqual({ '24h': 1, '7d': 1, '30d': 1 });
  });
});
