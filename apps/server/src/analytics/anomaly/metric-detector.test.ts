import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../tools/anomaly-eval/synthetic';
import { createMetricDetector, type MetricDetectorState } from './metric-detector';

const noise = (n: number, seed = 1, scale = 1, offset = 0) => {
  const rnd = createRandom(seed);
  return Array.from({ length: n }, () => offset + scale * rnd.normal());
};

const scoreAll = (values: readonly number[]) => {
  const detector = createMetricDetector();
  return values.map((v) => detector.score(v));
};

describe('metric detector', () => {
  it('scores every reading from the first, in [0, 1), low while warming up', () => {
    const scores = scoreAll(noise(50, 2, 1, 20));
    expect(scores).toHaveLength(50);
    expect(scores[0]).toBe(0);
    for (const s of scores) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(1);
    }
    expect(Math.max(...scores.slice(0, 24))).toBeLessThan(0.5);
  });

  it('never returns exactly 1, however absurd the reading, and keeps ranking extremes', () => {
    const detector = createMetricDetector();
    for (const v of noise(500, 3)) detector.score(v);
    const extremes = [1e3, 1e9, 1e100, 1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE];
    const scores = extremes.map((v) => {
      const d = createMetricDetector(undefined, detector.state());
      return d.score(v);
    });
    for (const s of scores) {
      expect(s).toBeGreaterThan(0.9);
      expect(s).toBeLessThan(1);
    }
    // Bigger deviations score higher: the scale does not flatten at the top.
    expect(scores[1]!).toBeGreaterThan(scores[0]!);
    expect(scores[3]!).toBeGreaterThan(scores[2]!);
    // A run of absurd values leaves the detector usable: no NaN creeps into its state (a level
    // whose squares overflow makes it start over instead).
    for (const v of [1e308, -1e308, 1e308, 5e307, 5e307]) expect(detector.score(v)).toBeLessThan(1);
    for (const v of noise(3000, 4)) expect(Number.isFinite(detector.score(v))).toBe(true);
    const stored = JSON.parse(JSON.stringify(detector.state())) as MetricDetectorState;
    expect(() => createMetricDetector(undefined, stored)).not.toThrow();
  });

  it('treats NaN and ±Infinity as missing: score 0, nothing learned', () => {
    const detector = createMetricDetector();
    for (const v of noise(300, 5)) detector.score(v);
    const before = detector.state();
    for (const v of [NaN, Infinity, -Infinity]) expect(detector.score(v)).toBe(0);
    expect(detector.explain().rule).toBe('missing');
    const after = detector.state();
    expect({ ...after, missing: 0 }).toEqual({ ...before, missing: 0 });
    expect(after.missing).toBe(before.missing + 3);
  });

  it('is causal: the score of a reading does not depend on readings after it', () => {
    const values = noise(3000, 6, 2, 10);
    values[1500] = 40;
    const full = scoreAll(values);
    const prefix = scoreAll(values.slice(0, 1501));
    expect(full.slice(0, 1501)).toEqual(prefix);
  });

  it('survives a restart: a state stored as JSON continues exactly where it left off', () => {
    const values = noise(2000, 7);
    const original = createMetricDetector();
    values.slice(0, 1200).forEach((v) => original.score(v));
    const stored = JSON.parse(JSON.stringify(original.state())) as MetricDetectorState;
    const resumed = createMetricDetector(undefined, stored);
    for (const v of values.slice(1200)) expect(resumed.score(v)).toBe(original.score(v));
    expect(() => createMetricDetector(undefined, { ...stored, mu: NaN })).toThrow(
      /mu is not a finite number/,
    );
    expect(() => original.restore({ ...stored, version: 2 } as unknown as MetricDetectorState)).toThrow(
      /version/,
    );
  });

  it('keeps a fixed-size state, however many readings it sees', () => {
    const detector = createMetricDetector();
    const rnd = createRandom(8);
    for (let i = 0; i < 1000; i++) detector.score(rnd.normal());
    const sizeAfter1e3 = JSON.stringify(detector.state()).length;
    for (let i = 0; i < 1_000_000; i++) detector.score(rnd.normal() + (i % 50_000 === 0 ? 20 : 0));
    const state = detector.state();
    expect(state.n).toBe(1_001_000);
    expect(state.warm).toEqual([]);
    // Same fields, same array lengths: only the digits of the numbers differ.
    expect(JSON.stringify(state).length).toBeLessThan(sizeAfter1e3 + 200);
    expect(Object.keys(state)).toEqual(Object.keys(createMetricDetector().state()));
  }, 120_000);

  it('rarely alarms on long stationary noise (white, autocorrelated, heavy-tailed)', () => {
    const rnd = createRandom(9);
    let ar = 0;
    const series = {
      white: Array.from({ length: 50_000 }, () => rnd.normal()),
      ar1: Array.from({ length: 50_000 }, () => (ar = 0.9 * ar + rnd.normal())),
      t3: Array.from({ length: 50_000 }, () => {
        const chi = rnd.normal() ** 2 + rnd.normal() ** 2 + rnd.normal() ** 2;
        return rnd.normal() / Math.sqrt(chi / 3);
      }),
    };
    const rates = Object.fromEntries(
      Object.entries(series).map(([name, values]) => [
        name,
        scoreAll(values).filter((s) => s >= 0.5).length / values.length,
      ]),
    );
    expect(rates.white).toBeLessThan(2e-4);
    expect(rates.ar1).toBeLessThan(5e-4);
    expect(rates.t3).toBeLessThan(3e-3);
  });

  it('flags a spike, with the forecast and its band as evidence', () => {
    const values = noise(1500, 10, 1, 50);
    values[1200] = 58;
    const detector = createMetricDetector();
    const scores = values.map((v) => detector.score(v));
    expect(scores[1200]).toBeGreaterThan(0.7);
    expect(Math.max(...scores.slice(300, 1200))).toBeLessThan(0.5);
    const d2 = createMetricDetector();
    values.slice(0, 1201).forEach((v) => d2.score(v));
    const evidence = d2.explain();
    expect(evidence.rule).toBe('forecast');
    expect(evidence.value).toBe(58);
    expect(evidence.expected).toBeGreaterThan(48);
    expect(evidence.expected).toBeLessThan(52);
    expect(evidence.band[1]).toBeLessThan(58);
    expect(evidence.band[0]).toBeLessThan(evidence.expected);
    expect(evidence.message).toMatch(/^forecast: reading 58 vs forecast/);
  });

  it('flags a step and keeps flagging while it lasts, then accepts a change that persists', () => {
    const values = noise(4000, 11, 1, 10).map((v, i) => (i >= 1500 ? v + 3 : v));
    const scores = scoreAll(values);
    const flagged = (from: number, to: number) =>
      scores.slice(from, to).filter((s) => s >= 0.5).length / (to - from);
    expect(flagged(300, 1500)).toBeLessThan(0.01);
    expect(flagged(1505, 1900)).toBeGreaterThan(0.9);
    // A change lasting about memory·ln 2 (≈700) readings becomes the new normal.
    expect(flagged(3000, 4000)).toBeLessThan(0.02);
  });

  it('flags a slow drift before it leaves the normal range', () => {
    const values = noise(3000, 12).map((v, i) => v + (i >= 2000 ? (i - 2000) * 0.01 : 0));
    const scores = scoreAll(values);
    const first = scores.findIndex((s, i) => i >= 2000 && s >= 0.5);
    expect(first).toBeGreaterThan(2000);
    // Flagged once the drift reaches about 2σ, long before a 3σ-per-reading rule would see it.
    expect(first).toBeLessThan(2250);
  });

  it('flags a stuck sensor through collapsing variability', () => {
    const values = noise(3000, 13, 2, 60).map((v, i, all) => (i >= 2000 ? all[1999]! : v));
    const detector = createMetricDetector();
    const scores = values.map((v) => detector.score(v));
    expect(Math.max(...scores.slice(2000, 2100))).toBeGreaterThan(0.5);
    expect(detector.explain().rule).toBe('variability');
  });
});
