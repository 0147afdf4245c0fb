import { effectiveSampleSize, median, type Point } from '../../analytics/robust-stats';

const HOUR = 3_600_000;

export type Direction = 'high' | 'low';

/**
 * The degradation curve, t in hours from now:
 *   y(t) = h                         before the onset t0,
 *          h + B·(e^{k(t−t0)} − 1)   after it (k = 0: h + B·(t − t0), a straight line).
 * The shape of a P-F curve: a level, then a departure that accelerates. A straight line through
 * an accelerating curve promises more time than is left.
 */
export interface Curve {
  t0: number;
  k: number;
  h: number;
  b: number;
  /** Standard error of b, already inflated for autocorrelated residuals. */
  seB: number;
}

export interface CurveFit {
  model: 'none' | 'linear' | 'exponential';
  curve: Curve | null;
  /** Every fit within 2 BIC of the best: their spread is the model uncertainty. */
  plausible: Curve[];
  /** Fitted value now and its rate of change (per hour). */
  level: number;
  slopePerH: number;
  /** BIC improvement over a flat line per effective point (0 = none). */
  evidence: number;
  points: number;
  nEff: number;
  noise: number;
  /** Mean residual of the latest points in standard errors: a curve that misses the present is not trusted. */
  recentBias: number;
  /** Median of the latest points: where the metric is, whatever the curve says. */
  recentLevel: number;
  /** First point's time (epoch ms): how far back this fit looked. */
  from: number;
}

const RATE_GRID = [0, 0.5, 1, 1.5, 2, 2.5, 3]; // k·(now − t0): at most e³ ≈ 20× acceleration over the departure
const ONSETS = 24;
const PLAUSIBLE_BIC = 2;
const Z90 = 1.6449;

const valueAt = (c: Curve, tH: number) => {
  const s = tH - c.t0;
  return s <= 0 ? c.h : c.h + c.b * (c.k === 0 ? s : Math.expm1(c.k * s));
};

/** Ordinary least squares of y on x: closed form, O(n). */
function ols(xs: Float64Array, ys: Float64Array) {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (xs[i] ?? 0) / n;
    my += (ys[i] ?? 0) / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] ?? 0) - my);
  }
  if (!(sxx > 0)) return null;
  const b = sxy / sxx;
  const h = my - b * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += ((ys[i] ?? 0) - h - b * (xs[i] ?? 0)) ** 2;
  return { h, b, sse, seB: Math.sqrt(sse / Math.max(1, n - 2) / sxx) };
}

/**
 * Fits the curve by least squares on a grid of onsets (24 across the window, leaving at least
 * five points after) and growth rates, and compares the best with a flat line by BIC computed
 * with the effective sample size of the residuals (so slow wander is not taken for a trend).
 * Points are expected to be few (≤ ~120 bucket means): the grid costs ~170 linear fits.
 */
export function fitCurve(points: readonly Point[], now: number): CurveFit | null {
  const n = points.length;
  if (n < 10) return null;
  const ys = Float64Array.from(points, (p) => p.y);
  const tH = Float64Array.from(points, (p) => (p.t - now) / HOUR);
  const flat = ys.reduce((s, y) => s + y, 0) / n;
  const sse0 = ys.reduce((s, y) => s + (y - flat) ** 2, 0);

  const fits: Array<Curve & { sse: number }> = [];
  const xs = new Float64Array(n);
  const last = n - 5;
  for (let j = 0; j < ONSETS; j++) {
    const t0 = tH[Math.round((j * last) / (ONSETS - 1))] ?? 0;
    if (!(t0 < 0)) continue;
    for (const m of RATE_GRID) {
      const k = m / -t0;
      for (let i = 0; i < n; i++) {
        const s = (tH[i] ?? 0) - t0;
        xs[i] = s <= 0 ? 0 : k === 0 ? s : Math.expm1(k * s);
      }
      const fit = ols(xs, ys);
      if (fit) fits.push({ t0, k, ...fit });
    }
  }
  if (fits.length === 0) return null;
  const best = fits.reduce((a, f) => (f.sse < a.sse ? f : a));
  const residuals = Array.from(ys, (y, i) => y - valueAt(best, tH[i] ?? 0));
  const nEff = effectiveSampleSize(residuals);
  const noise = Math.sqrt(best.sse / Math.max(1, n - 4));
  const bic = (sse: number, params: number) =>
    nEff * Math.log(Math.max(sse, 1e-300) / n) + params * Math.log(nEff);
  const bicOf = (f: { sse: number; k: number }) => bic(f.sse, f.k === 0 ? 3 : 4);
  const chosen = fits.reduce((a, f) => (bicOf(f) < bicOf(a) ? f : a));
  const bicFlat = bic(sse0, 1);
  const m = Math.max(5, Math.round(n / 10));
  const tail = residuals.slice(-m);
  const seTail = noise / Math.sqrt(Math.max(1, (m * nEff) / n));
  const recentBias = seTail > 0 ? tail.reduce((a, r) => a + r, 0) / m / seTail : 0;
  const recentLevel = median(Array.from(ys.subarray(n - m)));
  const base = { points: n, nEff, noise, recentBias, recentLevel, from: points[0]?.t ?? now };

  if (bicFlat <= bicOf(chosen)) {
    return { ...base, model: 'none', curve: null, plausible: [], level: flat, slopePerH: 0, evidence: 0 };
  }
  // Standard errors assume independent residuals: widen them by √(n / n_eff).
  const inflate = Math.sqrt(n / nEff);
  const limit = bicOf(chosen) + PLAUSIBLE_BIC;
  const strip = (f: Curve & { sse: number }): Curve => ({
    t0: f.t0,
    k: f.k,
    h: f.h,
    b: f.b,
    seB: f.seB * inflate,
  });
  const s = -chosen.t0;
  return {
    ...base,
    model: chosen.k === 0 ? 'linear' : 'exponential',
    curve: strip(chosen),
    plausible: fits.filter((f) => bicOf(f) <= limit).map(strip),
    level: valueAt(chosen, 0),
    slopePerH: chosen.k === 0 ? chosen.b : chosen.b * chosen.k * Math.exp(chosen.k * s),
    evidence: Math.max(0, (bicFlat - bicOf(chosen)) / nEff),
  };
}

/** Hours from now until the curve reaches `limit` on its `direction` side; 0 if it is there; null if never. */
export function hoursToLimit(c: Curve, limit: number, direction: Direction): number | null {
  const sign = direction === 'high' ? 1 : -1;
  const h = sign * c.h;
  const b = sign * c.b;
  const target = sign * limit;
  const s = -c.t0;
  const level = h + b * (c.k === 0 ? s : Math.expm1(c.k * s));
  if (level >= target) return 0;
  if (!(b > 0)) return null;
  const span = c.k === 0 ? (target - h) / b : Math.log1p((target - h) / b) / c.k;
  return Math.max(0, span - s);
}

export interface RemainingLife {
  rulH: number | null;
  /** 90 % interval over every plausible curve at ±1.645 standard errors of its B. */
  lowH: number | null;
  /** Infinity when some plausible curve never reaches the limit. */
  highH: number;
}

/** `currentLevel`: where the metric is now (the last minutes), whatever resolution the fit had. */
export function remainingLife(
  fit: CurveFit,
  limit: number,
  direction: Direction,
  currentLevel = fit.recentLevel,
): RemainingLife {
  const atLimit = direction === 'high' ? currentLevel >= limit : currentLevel <= limit;
  if (!fit.curve)
    return atLimit ? { rulH: 0, lowH: 0, highH: 0 } : { rulH: null, lowH: null, highH: Infinity };
  const rulH = atLimit ? 0 : hoursToLimit(fit.curve, limit, direction);
  let low = Infinity;
  let high = 0;
  for (const c of fit.plausible) {
    for (const b of [c.b + Z90 * c.seB, c.b - Z90 * c.seB]) {
      const r = hoursToLimit({ ...c, b }, limit, direction) ?? Infinity;
      low = Math.min(low, r);
      high = Math.max(high, r);
    }
  }
  if (rulH === null) return { rulH, lowH: null, highH: Infinity };
  return { rulH, lowH: Math.min(rulH, Number.isFinite(low) ? low : rulH), highH: Math.max(rulH, high) };
}
