import { copyForecast, freshForecast, isForecastState, type ForecastState } from './forecaster';

/**
 * The state of one metric's detector: a fixed set of numbers (plus at most `warmup` buffered
 * readings until warm-up ends), so memory per metric is bounded and the whole thing survives
 * a restart as JSON.
 */
export interface MetricDetectorState {
  version: 1;
  /** Finite readings seen, and non-finite ones skipped. */
  n: number;
  missing: number;
  /** The first readings, kept verbatim only until warm-up ends. */
  warm: number[];
  /** Baseline level (slow, robust), the variance around it, and the last two cleaned readings. */
  mu: number;
  vx: number;
  lag1: number;
  lag2: number;
  /** The one-step forecaster (see forecaster.ts). */
  fc: ForecastState;
  /** Variance of the forecast residual. */
  ve: number;
  /** Short-term mean, and the variance of its distance from the baseline. */
  fast: number;
  vd: number;
  /** Lag-1 autocovariance of that distance (how slowly it wanders), and its last value. */
  cd: number;
  dPrev: number;
  /** Short-term mean and variance of the residual, and the variance of the log variance ratio. */
  ebar: number;
  vol: number;
  vlv: number;
  /** Consecutive forecast outliers on one side (signed). */
  run: number;
  /** Leaky count of readings flagged as a sustained change (see `pressure` in the detector). */
  pressure: number;
  /** How often |residual| exceeded 4, 8, 16 and 32 of its standard deviations. */
  tail: [number, number, number, number];
  /** Smallest non-zero step between successive readings: the sensor's resolution (0: unknown). */
  res: number;
  last: number;
  lastTs: number | null;
}

export function freshState(): MetricDetectorState {
  return {
    version: 1,
    n: 0,
    missing: 0,
    warm: [],
    mu: 0,
    vx: 0,
    lag1: 0,
    lag2: 0,
    fc: freshForecast(),
    ve: 0,
    fast: 0,
    vd: 0,
    cd: 0,
    dPrev: 0,
    ebar: 0,
    vol: 0,
    vlv: 0,
    run: 0,
    pressure: 0,
    tail: [0, 0, 0, 0],
    res: 0,
    last: 0,
    lastTs: null,
  };
}

const NUMBER_FIELDS = [
  'n',
  'missing',
  'mu',
  'vx',
  'lag1',
  'lag2',
  've',
  'fast',
  'vd',
  'cd',
  'dPrev',
  'ebar',
  'vol',
  'vlv',
  'run',
  'pressure',
  'res',
  'last',
] as const;

export function copyState(state: MetricDetectorState): MetricDetectorState {
  return { ...state, warm: [...state.warm], tail: [...state.tail], fc: copyForecast(state.fc) };
}

/** Validates a stored state (e.g. read back after a restart) and returns a copy. */
export function checkState(state: MetricDetectorState, warmup: number): MetricDetectorState {
  const bad = (why: string) => new Error(`invalid metric detector state: ${why}`);
  if (state === null || typeof state !== 'object' || state.version !== 1) throw bad('unknown version');
  for (const key of NUMBER_FIELDS)
    if (!Number.isFinite(state[key])) throw bad(`${key} is not a finite number`);
  if (
    state.n < 0 ||
    state.res < 0 ||
    state.vx < 0 ||
    state.ve < 0 ||
    state.vd < 0 ||
    state.vol < 0 ||
    state.vlv < 0
  )
    throw bad('negative count or variance');
  if (!Array.isArray(state.warm) || state.warm.length > warmup || !state.warm.every(Number.isFinite))
    throw bad(`warm must hold at most ${warmup} finite numbers`);
  if (!Array.isArray(state.tail) || state.tail.length !== 4 || !state.tail.every(Number.isFinite))
    throw bad('tail must hold four finite numbers');
  if (!isForecastState(state.fc)) throw bad('fc is not a forecaster state');
  if (state.lastTs !== null && !Number.isFinite(state.lastTs)) throw bad('lastTs must be a number or null');
  return copyState(state);
}
