import { describe, expect, it } from 'vitest';
import { createRng } from '../../../tools/simulator/prng';
import type { Point } from '../../analytics/robust-stats';
import { groupStrength, seasonality } from './seasonality';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5); // a Monday, midnight UTC

const hourly = (days: number, f: (t: number) => number): Point[] =>
  Array.from({ length: days * 24 }, (_, i) => ({ t: T0 + i * HOUR + HOUR / 2, y: f(T0 + i * HOUR) }));

describe('seasonality', () => {
  it('finds a strong daily cycle and its peak hour, despite a trend', () => {
    const rng = createRng(5);
    const s = seasonality(
      hourly(
        5,
        (t) =>
          20 +
          5 * Math.cos((2 * Math.PI * ((t % DAY) / HOUR - 15)) / 24) +
          (t - T0) / DAY +
          0.3 * (rng.next() - 0.5),
      ),
    );
    expect(s.daily).toBeGreaterThan(0.9);
    expect(s.peakHour).toBe(15);
    expect(s.troughHour).toBe(3);
    expect(s.weekly).toBeNull(); // needs two weeks
  });

  it('finds nothing in noise (the adjusted R² does not reward 24 groups)', () => {
    const rng = createRng(9);
    const s = seasonality(hourly(3, () => rng.next()));
    expect(s.daily).toBeLessThan(0.15);
  });

  it('finds a weekly pattern of weekdays and weekends over two weeks', () => {
    const rng = createRng(2);
    const s = seasonality(
      hourly(
        21,
        (t) =>
          (Math.floor(t / DAY + 4) % 7 === 0 || Math.floor(t / DAY + 4) % 7 === 6 ? 10 : 30) + rng.next(),
      ),
    );
    expect(s.weekly).toBeGreaterThan(0.9);
  });

  it('needs two days of hourly means', () => {
    expect(seasonality(hourly(1, () => 1)).daily).toBeNull();
  });

  it('group strength is 1 for a pure group effect and 0 without one', () => {
    expect(groupStrength([1, 2, 1, 2, 1, 2], [0, 1, 0, 1, 0, 1], 2)).toBeCloseTo(1, 9);
    expect(groupStrength([1, 1, 2, 2, 3, 3], [0, 1, 0, 1, 0, 1], 2)).toBe(0);
  });
});
