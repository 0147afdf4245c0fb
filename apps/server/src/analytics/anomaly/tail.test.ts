import { describe, expect, it } from 'vitest';
import {
  deviationSurprise,
  gammaSurprise,
  gaussianSurprise,
  lnGamma,
  squash,
  unsquash,
  zForSurprise,
} from './tail';

describe('tail probabilities', () => {
  it('gives the two-sided Gaussian surprise −ln P(|Z| ≥ z)', () => {
    // P(|Z| ≥ 1.96) = 0.05, P(|Z| ≥ 3) = 0.0026998, P(|Z| ≥ 5) = 5.733e-7.
    expect(gaussianSurprise(1.959964)).toBeCloseTo(-Math.log(0.05), 5);
    expect(gaussianSurprise(3)).toBeCloseTo(-Math.log(0.0026998), 4);
    expect(gaussianSurprise(5)).toBeCloseTo(-Math.log(5.733e-7), 3);
    expect(gaussianSurprise(-3)).toBe(gaussianSurprise(3));
  });

  it('grows only logarithmically past 6σ, so no deviation overflows', () => {
    const at = (d: number, s = 1) => deviationSurprise(d, s);
    expect(at(6)).toBeCloseTo(gaussianSurprise(6), 6);
    expect(at(12)).toBeLessThan(gaussianSurprise(12));
    expect(at(1e308, 1e-300)).toBeGreaterThan(at(1e300, 1e-300));
    expect(Number.isFinite(at(Number.MAX_VALUE, Number.MIN_VALUE))).toBe(true);
    expect(at(0)).toBe(0);
    expect(zForSurprise(at(4.2))).toBeCloseTo(4.2, 6);
    expect(zForSurprise(at(40))).toBeCloseTo(40, 6);
  });

  it('squashes surprises into [0, 1) without ever reaching 1', () => {
    const half = Math.log(1e4);
    expect(squash(0, half)).toBe(0);
    expect(squash(half, half)).toBe(0.5);
    expect(squash(1e6, half)).toBeLessThan(1);
    expect(squash(Infinity, half)).toBeLessThan(1);
    expect(squash(deviationSurprise(Number.MAX_VALUE, Number.MIN_VALUE), half)).toBeLessThan(1);
    expect(unsquash(squash(7, half), half)).toBeCloseTo(7, 9);
  });

  it('computes Gamma tail surprises in log space', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
    // Gamma(1) is Exp(1): −ln Q(1, x) = x. Gamma(2): Q(2, x) = e^−x (1 + x).
    for (const x of [0.1, 1, 5, 50, 700, 5000]) expect(gammaSurprise(1, x)).toBeCloseTo(x, 6);
    for (const x of [0.5, 3, 10.5, 200]) expect(gammaSurprise(2, x)).toBeCloseTo(x - Math.log1p(x), 6);
    expect(gammaSurprise(3, 0)).toBe(0);
    expect(gammaSurprise(8, 1e5)).toBeGreaterThan(9e4);
  });
});
