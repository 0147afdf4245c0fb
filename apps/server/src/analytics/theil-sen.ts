import { effectiveSampleSize, quantileSorted } from './robust-stats';

export interface TheilSenFit {
  /** Median of the pairwise slopes. */
  slope: number;
  /** Median of y − slope·x: the line passes through the bulk of the points, not their mean. */
  intercept: number;
  /** Sen's distribution-free confidence interval for the slope (see `theilSen`). */
  slopeLow: number;
  slopeHigh: number;
  /** Points used, and what they are worth once autocorrelation is discounted. */
  n: number;
  nEff: number;
  /** Residuals y − (intercept + slope·x), in the input order. */
  residuals: number[];
}

/** z for a two-sided interval: 0.90 → 1.645, 0.95 → 1.96. */
const Z: Record<string, number> = { '0.8': 1.2816, '0.9': 1.6449, '0.95': 1.96, '0.99': 2.5758 };

/**
 * Theil–Sen regression: the slope is the median of the slopes between every pair of points, so up
 * to ~29 % of the points can be arbitrary (glitches, a stuck sensor) without moving it. O(n²): keep
 * n to a few hundred (see `bucketMeans`).
 *
 * Confidence interval (Sen 1968): the slopes ranked (N ∓ C)/2 among the N pairwise slopes, where
 * C = z·√(n(n−1)(2n+5)/18) is the spread of Kendall's S under no trend. Residuals of real sensor
 * data wander, so the interval is computed for the effective sample size n_eff (AR(1) discount of
 * the residuals) and mapped back onto the N slopes as a fraction: the interval widens honestly
 * instead of claiming precision that serially correlated points do not have.
 */
export function theilSen(xs: ArrayLike<number>, ys: ArrayLike<number>, confidence = 0.9): TheilSenFit | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return null;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const xi = xs[i] ?? 0;
    const yi = ys[i] ?? 0;
    for (let j = i + 1; j < n; j++) {
      const dx = (xs[j] ?? 0) - xi;
      if (dx !== 0) slopes[k++] = ((ys[j] ?? 0) - yi) / dx;
    }
  }
  if (k < 2) return null;
  const sorted = slopes.subarray(0, k).sort();
  const slope = quantileSorted(sorted, 0.5);
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = (ys[i] ?? 0) - slope * (xs[i] ?? 0);
  const intercept = quantileSorted(offsets.sort(), 0.5);
  const residuals: number[] = [];
  for (let i = 0; i < n; i++) residuals.push((ys[i] ?? 0) - intercept - slope * (xs[i] ?? 0));

  const nEff = effectiveSampleSize(residuals);
  const z = Z[String(confidence)] ?? 1.6449;
  const pairsEff = (nEff * (nEff - 1)) / 2;
  const c = z * Math.sqrt((nEff * (nEff - 1) * (2 * nEff + 5)) / 18);
  // Share of the ranked slopes left out on each side; ≥ 0 means the interval is the full range.
  const tail = Math.max(0, (pairsEff - c) / (2 * pairsEff));
  const slopeLow = tail > 0 ? quantileSorted(sorted, tail) : -Infinity;
  const slopeHigh = tail > 0 ? quantileSorted(sorted, 1 - tail) : Infinity;
  return { slope, intercept, slopeLow, slopeHigh, n, nEff, residuals };
}
