import { describe, expect, it } from 'vitest';
import { pearson, strengthOf } from './correlation';

const series = (f: (i: number) => number, n = 60, offset = 0) =>
  new Map(Array.from({ length: n }, (_, i) => [(i + offset) * 60_000, f(i + offset)] as [number, number]));

describe('correlation', () => {
  it('is 1 and −1 for lines, on the aligned minutes only', () => {
    expect(
      pearson(
        series((i) => i),
        series((i) => 3 * i + 2),
      )?.r,
    ).toBeCloseTo(1, 12);
    expect(
      pearson(
        series((i) => i),
        series((i) => -i, 60, 20),
      ),
    ).toEqual({ r: expect.closeTo(-1, 12) as number, n: 40 });
  });
  it('needs enough pairs and some variance', () => {
    expect(
      pearson(
        series((i) => i, 10),
        series((i) => i, 10),
      ),
    ).toBeNull();
    expect(
      pearson(
        series(() => 1),
        series((i) => i),
      ),
    ).toBeNull();
  });
  it('names the strength', () => {
    expect([0.9, -0.75, 0.5, 0.1].map(strengthOf)).toEqual(['strong', 'strong', 'moderate', 'weak']);
  });
});
