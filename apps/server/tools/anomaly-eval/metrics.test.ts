import { describe, expect, it } from 'vitest';
import { createEwmaZ, createWindowedGaussian } from '../../src/analytics/anomaly/baselines';
import { alarmOnsets } from './evaluate';
import {
  bestF1,
  labelWindows,
  nabScore,
  NAB_STANDARD,
  normalisedNab,
  pointCounts,
  prf,
  scaledSigmoid,
} from './metrics';

const flagsAt = (n: number, at: number[]) => Array.from({ length: n }, (_, i) => at.includes(i));

describe('evaluation metrics', () => {
  it('counts point-wise precision, recall and F1', () => {
    const labels = [0, 0, 1, 1, 1, 1, 0, 0, 0, 0];
    const flags = flagsAt(10, [1, 3, 4, 8]);
    const counts = pointCounts(flags, labels);
    expect(counts).toEqual({ tp: 2, fp: 2, fn: 2, tn: 4 });
    const { precision, recall, f1 } = prf(counts);
    expect(precision).toBe(0.5);
    expect(recall).toBe(0.5);
    expect(f1).toBe(0.5);
    expect(prf(pointCounts(flagsAt(10, []), labels))).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('finds label windows', () => {
    expect(labelWindows([0, 1, 1, 0, 1, 0, 0, 1])).toEqual([
      { start: 1, end: 2 },
      { start: 4, end: 4 },
      { start: 7, end: 7 },
    ]);
  });

  it('scores events as NAB does: early detection rewarded, false alarms penalised', () => {
    // 100 rows (probation: the first 15), one window at rows 40–59 (width 20).
    const labels = Array.from({ length: 100 }, (_, i) => (i >= 40 && i < 60 ? 1 : 0));
    const windows = labelWindows(labels);
    const score = (at: number[]) => nabScore(flagsAt(100, at), windows, NAB_STANDARD);

    // Flagged at the window's first row: exactly the perfect score.
    const perfect = score([40]);
    expect(perfect.raw).toBeCloseTo(1, 12);
    expect(normalisedNab(perfect)).toBeCloseTo(100, 10);
    // Nothing flagged: the null score, −A_fn per window.
    const none = score([]);
    expect(none.raw).toBe(-1);
    expect(normalisedNab(none)).toBe(0);
    // Flagged halfway: σ̃(−(59 − 50 + 1)/20) / σ̃(−1) = σ̃(−0.5)/σ̃(−1) = 0.84828 / 0.98661.
    expect(score([50]).raw).toBeCloseTo(scaledSigmoid(-0.5) / scaledSigmoid(-1), 12);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.8482836, 6);
    // Only the first detection in a window counts.
    expect(score([40, 45, 59]).raw).toBeCloseTo(1, 12);
    // A false alarm before the window costs A_fp; one in the probationary period nothing.
    expect(score([20, 40]).raw).toBeCloseTo(1 - 0.11, 12);
    expect(score([5, 40]).raw).toBeCloseTo(1, 12);
    // After the window, by distance in window widths: row 69 is 10/19 past the window's end.
    expect(score([40, 69]).raw).toBeCloseTo(1 + 0.11 * scaledSigmoid(10 / 19), 12);
    expect(score([40, 69]).falsePositives).toBe(1);
    expect(score([50]).delays).toEqual([10]);
  });

  it('finds the best F1 over thresholds', () => {
    const scores = [0.1, 0.9, 0.8, 0.2, 0.7, 0.3];
    const labels = [0, 1, 1, 0, 0, 1];
    // ≥ 0.8: P = 1, R = 2/3, F1 = 0.8; ≥ 0.3: P = 3/4, R = 1, F1 = 6/7 (the best).
    expect(bestF1(scores, labels)).toEqual({ f1: 6 / 7, threshold: 0.3 });
  });
});

describe('baselines', () => {
  it('windowed Gaussian: |z| against the previous readings of the window', () => {
    const wg = createWindowedGaussian(2);
    expect(wg.score(1)).toBe(0);
    expect(wg.score(3)).toBeCloseTo(2e6, 3); // a window with no spread: NAB's 1e-6 floor
    expect(wg.score(5)).toBeCloseTo(3, 12); // window [1, 3]: mean 2, sd 1
    expect(wg.score(4)).toBeCloseTo(0, 12); // window [3, 5]: mean 4
    expect(wg.score(NaN)).toBe(0);
  });

  it('EWMA z-score: |z| against the running mean and variance', () => {
    const ewma = createEwmaZ(0.5);
    expect(ewma.score(10)).toBe(0);
    expect(ewma.score(12)).toBe(0); // no spread yet
    // mean 11, variance (1 − ½)(0 + ½·4) = 1: a reading of 14 is 3σ away.
    expect(ewma.score(14)).toBeCloseTo(3, 12);
  });
});

describe('alarm onsets', () => {
  it('keeps only the first row of each run of flags, as one alert per episode would', () => {
    expect(alarmOnsets([false, true, true, true, false, true, false, false, true, true])).toEqual([
      false,
      true,
      false,
      false,
      false,
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(alarmOnsets([true])).toEqual([true]);
    expect(alarmOnsets([])).toEqual([]);
  });
});
