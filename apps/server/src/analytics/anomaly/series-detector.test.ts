import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../tools/anomaly-eval/synthetic';
import { ALERT_SCORE, createSeriesDetector } from './series-detector';

const FIVE_MIN = 300_000;
const T0 = Date.UTC(2026, 0, 1);

/** Scores a series sampled every five minutes; returns the scores. */
function run(values: readonly number[], options = {}): number[] {
  const detector = createSeriesDetector(options);
  return values.map((v, i) => detector.score(v, T0 + i * FIVE_MIN));
}

const flagged = (scores: readonly number[], from = 0, to = scores.length) =>
  scores
    .slice(from, to)
    .map((s, i) => (s >= ALERT_SCORE ? from + i : -1))
    .filter((i) => i >= 0);

describe('series detector (dtwin detect on one series)', () => {
  it('flags a level shift once, early, and takes the new level as normal', () => {
    const rnd = createRandom(1);
    const values = Array.from({ length: 3000 }, (_, i) => 50 + rnd.normal() + (i >= 2000 ? 8 : 0));
    const scores = run(values);
    // Past its learning period (NAB's probation: the first ~750 readings) noise raises nothing.
    expect(flagged(scores, 1000, 2000)).toEqual([]);
    const flags = flagged(scores, 2000);
    expect(flags.length).toBeGreaterThan(0);
    expect(flags[0]).toBeLessThan(2010);
    // Sparse: flagged when the change starts, not on every reading while it lasts.
    expect(flags.length).toBeLessThanOrEqual(2);
  });

  it('flags a small but clear change of a quiet series at once', () => {
    const rnd = createRandom(2);
    const quiet = Array.from({ length: 3000 }, (_, i) => 5 + 0.1 * rnd.normal() + (i >= 2500 ? 0.6 : 0));
    const scores = run(quiet);
    expect(flagged(scores, 1000, 2500)).toEqual([]);
    expect(flagged(scores, 2500, 2520).length).toBeGreaterThan(0);
  });

  it('sees a daily cycle whose amplitude jumps, which no single step shows', () => {
    const rnd = createRandom(3);
    const day = 288;
    const values = Array.from({ length: day * 12 }, (_, i) => {
      const amplitude = i >= day * 10 ? 30 : 20;
      return 50 + amplitude * Math.sin((2 * Math.PI * i) / day) + 0.5 * rnd.normal();
    });
    const scores = run(values);
    expect(flagged(scores, day * 3, day * 10)).toEqual([]);
    expect(flagged(scores, day * 10, day * 11).length).toBeGreaterThan(0);
    const blind = run(values, { noSeasonal: true });
    expect(flagged(blind, day * 10, day * 11)).toEqual([]);
  });

  it('is deterministic and never prints 1', () => {
    const values = Array.from({ length: 500 }, (_, i) => (i === 400 ? 1e300 : i % 7));
    const a = run(values);
    expect(run(values)).toEqual(a);
    for (const s of a) expect(s).toBeLessThan(1);
  });
});
