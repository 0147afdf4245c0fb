import { describe, expect, it } from 'vitest';
import { healthTrend } from './health-trend';

const T = Date.UTC(2026, 0, 10);
const series = (f: (minute: number) => number, minutes = 60) =>
  Array.from({ length: minutes }, (_, i) => ({ ts: T + i * 60_000, score: f(i) }));

describe('health trend', () => {
  it('calls a steady fall of 20 points an hour degrading', () => {
    expect(healthTrend(series((i) => 95 - i / 3))).toEqual({ trend: 'degrading', pointsPerH: -20 });
  });
  it('calls a recovery improving', () => {
    expect(healthTrend(series((i) => 50 + i / 2)).trend).toBe('improving');
  });
  it('stays stable for noise and small drifts', () => {
    expect(healthTrend(series((i) => 97 + (i % 3) - 0.01 * i)).trend).toBe('stable');
  });
  it('stays stable with too little history', () => {
    expect(healthTrend(series((i) => 95 - 5 * i, 4))).toEqual({ trend: 'stable', pointsPerH: null });
  });
});
