/**
 * One-step forecaster: a linear regression of the next reading (as a deviation from the
 * baseline) on five features — the last two readings and short-term means over ~2, ~10 and
 * ~30 readings — fitted online by exponentially weighted least squares.
 *
 * The two lags alone make an AR(2), exact for a clean sinusoid or a linear trend but noisy on
 * a noisy one (it amplifies the noise of each lag); the smoothed features let the fit average
 * noise where that forecasts better. On a noisy period-50 wave this cuts the residual spread
 * from 1.5× to 1.07× the noise (AR(16) reaches 1.10×) with a fixed state of 27 numbers, kept in
 * the metric detector's array from an offset `at`.
 */

export const FEATURES = 5;
const PAIRS = (FEATURES * (FEATURES + 1)) / 2;
const ALPHA_1 = 0.5;
const ALPHA_3 = 1 / 16;
// Slots from `at`: the two short-term means, the moments' triangle, Σ y f, the coefficients.
const M1 = 0;
const M3 = 1;
const FF = 2;
const FY = FF + PAIRS;
const COEF = FY + FEATURES;
export const FORECAST_SLOTS = COEF + FEATURES;

/** The forecaster as stored (JSON). */
export interface ForecastState {
  /** Short-term means of the cleaned readings (the ~10-reading one is the detector's `fast`). */
  m1: number;
  m3: number;
  /** Weighted moments: the upper triangle of Σ f fᵀ (row-major) and Σ y f. */
  ff: number[];
  fy: number[];
  coef: number[];
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

export function loadForecast(s: ForecastState, v: Float64Array, at: number): void {
  v[at + M1] = s.m1;
  v[at + M3] = s.m3;
  v.set(s.ff, at + FF);
  v.set(s.fy, at + FY);
  v.set(s.coef, at + COEF);
}

export function saveForecast(v: Float64Array, at: number): ForecastState {
  return {
    m1: v[at + M1]!,
    m3: v[at + M3]!,
    ff: Array.from(v.subarray(at + FF, at + FY)),
    fy: Array.from(v.subarray(at + FY, at + COEF)),
    coef: Array.from(v.subarray(at + COEF, at + FORECAST_SLOTS)),
  };
}

/** Sets the short-term means to `level` (a restart, or the baseline jumping to a new normal). */
export function restartMeans(v: Float64Array, at: number, level: number): void {
  v[at + M1] = level;
  v[at + M3] = level;
}

/** Fills `out` with the features for forecasting the next reading, as deviations from `mu`. */
export function features(
  out: Float64Array,
  v: Float64Array,
  at: number,
  lag1: number,
  lag2: number,
  fast: number,
  mu: number,
): void {
  out[0] = lag1 - mu;
  out[1] = lag2 - mu;
  out[2] = v[at + M1]! - mu;
  out[3] = fast - mu;
  out[4] = v[at + M3]! - mu;
}

export function predict(v: Float64Array, at: number, f: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < FEATURES; i++) sum += v[at + COEF + i]! * f[i]!;
  return sum;
}

const chol = new Float64Array(FEATURES * FEATURES);
const tmp = new Float64Array(FEATURES);

/**
 * Learns from one (features, target) pair with weight w, re-solves the ridge-regularised
 * normal equations by Cholesky, and moves the short-term means on to `clean`.
 */
export function learn(
  v: Float64Array,
  at: number,
  f: Float64Array,
  target: number,
  w: number,
  clean: number,
  resolve: boolean,
): void {
  const fy = at + FY;
  const ff = at + FF;
  let k = 0;
  for (let i = 0; i < FEATURES; i++) {
    const fi = f[i]!;
    v[fy + i] = v[fy + i]! + w * (target * fi - v[fy + i]!);
    for (let j = i; j < FEATURES; j++, k++) v[ff + k] = v[ff + k]! + w * (fi * f[j]! - v[ff + k]!);
  }
  if (resolve) solve(v, at, w);
  v[at + M1] = v[at + M1]! + ALPHA_1 * (clean - v[at + M1]!);
  v[at + M3] = v[at + M3]! + ALPHA_3 * (clean - v[at + M3]!);
}

function solve(v: Float64Array, at: number, w: number): void {
  const ff = at + FF;
  const fy = at + FY;
  const coef = at + COEF;
  let trace = 0;
  for (let i = 0, k = 0; i < FEATURES; k += FEATURES - i, i++) trace += v[ff + k]!;
  // Ridge towards "forecast the baseline", worth about four readings of evidence: strong while
  // the moments rest on a handful of readings (five coefficients from five readings would be
  // wild), negligible later; the floor keeps the nearly collinear smoothed features in check.
  const ridge = (1e-3 + 4 * w) * (trace / FEATURES) + 1e-300;
  for (let i = 0, k = 0; i < FEATURES; i++)
    for (let j = i; j < FEATURES; j++, k++) {
      const x = v[ff + k]! + (i === j ? ridge : 0);
      chol[i * FEATURES + j] = x;
      chol[j * FEATURES + i] = x;
    }
  for (let j = 0; j < FEATURES; j++) {
    let d = chol[j * FEATURES + j]!;
    for (let m = 0; m < j; m++) d -= chol[j * FEATURES + m]! ** 2;
    if (!(d > 0)) return; // not positive definite (no data yet): keep the previous coefficients
    const ljj = Math.sqrt(d);
    chol[j * FEATURES + j] = ljj;
    for (let i = j + 1; i < FEATURES; i++) {
      let x = chol[i * FEATURES + j]!;
      for (let m = 0; m < j; m++) x -= chol[i * FEATURES + m]! * chol[j * FEATURES + m]!;
      chol[i * FEATURES + j] = x / ljj;
    }
  }
  for (let i = 0; i < FEATURES; i++) {
    let x = v[fy + i]!;
    for (let m = 0; m < i; m++) x -= chol[i * FEATURES + m]! * tmp[m]!;
    tmp[i] = x / chol[i * FEATURES + i]!;
  }
  for (let i = FEATURES - 1; i >= 0; i--) {
    let x = tmp[i]!;
    for (let m = i + 1; m < FEATURES; m++) x -= chol[m * FEATURES + i]! * v[coef + m]!;
    v[coef + i] = x / chol[i * FEATURES + i]!;
  }
}
