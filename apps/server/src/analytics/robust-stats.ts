/** Small robust statistics shared by health, predictions and patterns. Pure; no allocation beyond copies. */

export interface Point {
  /** Epoch milliseconds (or any monotonic x). */
  t: number;
  y: number;
}

/** The q-quantile (0..1) of values already sorted ascending, with linear interpolation. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = Math.min(n - 1, Math.max(0, q * (n - 1)));
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] ?? NaN;
  const b = sorted[hi] ?? NaN;
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Median absolute deviation scaled to a standard deviation for Gaussian data (×1.4826). */
export function robustScale(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/** Lag-1 autocorrelation of a sequence (0 when it cannot be estimated). */
export function lag1Autocorrelation(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const m = mean(values);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] ?? m) - m;
    den += d * d;
    if (i > 0) num += d * ((values[i - 1] ?? m) - m);
  }
  return den > 0 ? num / den : 0;
}

/**
 * How many independent observations an autocorrelated series is worth (AR(1) approximation):
 * n·(1−ρ)/(1+ρ), clamped to [min(3, n), n]. Slow wander in the residuals makes a trend look far
 * more certain than it is unless the sample size is discounted like this.
 */
export function effectiveSampleSize(residuals: readonly number[]): number {
  const n = residuals.length;
  const rho = Math.min(0.99, Math.max(0, lag1Autocorrelation(residuals)));
  return Math.min(n, Math.max(Math.min(3, n), (n * (1 - rho)) / (1 + rho)));
}

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Averages points into at most `maxPoints` equal-width time buckets over [from, to), dropping
 * empty buckets: bounds the cost of the O(n²) estimators whatever the reporting rate.
 */
export function bucketMeans(points: readonly Point[], from: number, to: number, maxPoints: number): Point[] {
  if (points.length <= maxPoints) return points.filter((p) => p.t >= from && p.t < to);
  const width = (to - from) / maxPoints;
  const sumT = new Float64Array(maxPoints);
  const sumY = new Float64Array(maxPoints);
  const count = new Uint32Array(maxPoints);
  for (const p of points) {
    if (p.t < from || p.t >= to) continue;
    const i = Math.min(maxPoints - 1, Math.floor((p.t - from) / width));
    sumT[i] = (sumT[i] ?? 0) + p.t;
    sumY[i] = (sumY[i] ?? 0) + p.y;
    count[i] = (count[i] ?? 0) + 1;
  }
  const out: Point[] = [];
  for (let i = 0; i < maxPoints; i++) {
    const c = count[i] ?? 0;
    if (c > 0) out.push({ t: (sumT[i] ?? 0) / c, y: (sumY[i] ?? 0) / c });
  }
  return out;
}

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
