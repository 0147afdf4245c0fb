import { describe, expect, it } from 'vitest';
import { createRng } from '../../../tools/simulator/prng';
import { fitCurve, hoursToLimit, remainingLife } from './degradation-fit';
import type { Point } from '../../analytics/robust-stats';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 10);
const gauss = (rng: ReturnType<typeof createRng>) =>
  Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());

/** A P-F curve: flat at h until the onset, then h + (L − h)·(e^{c·s} − 1)/(e^c − 1), s = share of the way to the failure. */
function pfCurve(opts: {
  h: number;
  limit: number;
  c: number;
  onset: number;
  failure: number;
  sigma: number;
  seed: number;
  from: number;
  to: number;
}): Point[] {
  const rng = createRng(opts.seed);
  const out: Point[] = [];
  for (let t = opts.from; t < opts.to; t += 3 * 60_000) {
    const s = Math.max(0, (t - opts.onset) / (opts.failure - opts.onset));
    const wear = opts.c === 0 ? s : Math.expm1(opts.c * s) / Math.expm1(opts.c);
    out.push({ t, y: opts.h + (opts.limit - opts.h) * wear + opts.sigma * gauss(rng) });
  }
  return out;
}

describe('degradation curve fit', () => {
  it('finds an accelerating wear curve and the time left to the limit', () => {
    const onset = NOW - 3 * HOUR;
    const failure = NOW + 2 * HOUR;
    const points = pfCurve({
      h: 1.3,
      limit: 7.1,
      c: 3,
      onset,
      failure,
      sigma: 0.05,
      seed: 1,
      from: NOW - 6 * HOUR,
      to: NOW,
    });
    const fit = fitCurve(points, NOW);
    expect(fit?.model).toBe('exponential');
    expect((fit?.curve?.t0 ?? 0) * HOUR).toBeGreaterThan(onset - HOUR - NOW);
    const life = remainingLife(fit!, 7.1, 'high');
    expect(life.rulH).toBeGreaterThan(2 * 0.85);
    expect(life.rulH).toBeLessThan(2 * 1.15);
    expect(life.lowH).toBeLessThanOrEqual(life.rulH!);
    expect(life.highH).toBeGreaterThanOrEqual(life.rulH!);
  });

  it('follows a falling metric to its low limit', () => {
    const points = pfCurve({
      h: 1013,
      limit: 800,
      c: 0,
      onset: NOW - 2 * HOUR,
      failure: NOW + 4 * HOUR,
      sigma: 0.5,
      seed: 2,
      from: NOW - 6 * HOUR,
      to: NOW,
    });
    const fit = fitCurve(points, NOW)!;
    const life = remainingLife(fit, 800, 'low');
    expect(life.rulH).toBeGreaterThan(3.4);
    expect(life.rulH).toBeLessThan(4.6);
    expect(remainingLife(fit, 1200, 'high').rulH).toBeNull();
  });

  it('sees no degradation in noise around a level', () => {
    const points = pfCurve({
      h: 50,
      limit: 90,
      c: 1,
      onset: NOW + 10 * HOUR,
      failure: NOW + 20 * HOUR,
      sigma: 1,
      seed: 3,
      from: NOW - 6 * HOUR,
      to: NOW,
    });
    const fit = fitCurve(points, NOW)!;
    expect(fit.model).toBe('none');
    expect(remainingLife(fit, 90, 'high')).toEqual({ rulH: null, lowH: null, highH: Infinity });
  });

  it('reports zero time left once the metric is past the limit', () => {
    const points = pfCurve({
      h: 1.3,
      limit: 7.1,
      c: 2,
      onset: NOW - 5 * HOUR,
      failure: NOW - HOUR,
      sigma: 0.05,
      seed: 4,
      from: NOW - 8 * HOUR,
      to: NOW,
    });
    expect(remainingLife(fitCurve(points, NOW)!, 7.1, 'high').rulH).toBe(0);
  });

  it('solves the crossing of a given curve exactly', () => {
    // Linear from an onset 2 h ago at 1 per hour from 10: at 12 now, 20 is 8 h away.
    expect(hoursToLimit({ t0: -2, k: 0, h: 10, b: 1, seB: 0 }, 20, 'high')).toBeCloseTo(8, 9);
    // Exponential: h + b(e^{k s} − 1) with k = ln 2: doubles its excess every hour.
    const c = { t0: -1, k: Math.LN2, h: 0, b: 1, seB: 0 };
    expect(hoursToLimit(c, 3, 'high')).toBeCloseTo(1, 9); // e^{k·2} − 1 = 3
    expect(hoursToLimit(c, -5, 'low')).toBeNull();
  });
});
