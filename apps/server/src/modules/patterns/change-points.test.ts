import { describe, expect, it } from 'vitest';
import { createRng } from '../../../tools/simulator/prng';
import { changePoints } from './change-points';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5);

describe('change points', () => {
  it('finds a step in the level where it happened', () => {
    const rng = createRng(4);
    const points = Array.from({ length: 120 }, (_, i) => ({
      t: T0 + i * HOUR,
      y: (i >= 70 ? 55 : 50) + rng.next() - 0.5,
    }));
    const found = changePoints(points);
    expect(found).toHaveLength(1);
    expect(found[0]?.t).toBe(T0 + 70 * HOUR);
    expect(found[0]?.before).toBeCloseTo(50, 0);
    expect(found[0]?.after).toBeCloseTo(55, 0);
    expect(found[0]?.shiftSigma).toBeGreaterThan(3);
  });

  it('finds none in noise', () => {
    const rng = createRng(8);
    expect(
      changePoints(Array.from({ length: 168 }, (_, i) => ({ t: T0 + i * HOUR, y: rng.next() }))),
    ).toEqual([]);
  });

  it('finds two steps', () => {
    const rng = createRng(6);
    const points = Array.from({ length: 150 }, (_, i) => ({
      t: T0 + i * HOUR,
      y: (i >= 40 ? 10 : 0) + (i >= 100 ? -20 : 0) + rng.next(),
    }));
    expect(changePoints(points).map((c) => (c.t - T0) / HOUR)).toEqual([40, 100]);
  });
});
