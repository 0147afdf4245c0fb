import {
  FORECAST_SLOTS,
  isForecastState,
  loadForecast,
  saveForecast,
  type ForecastState,
} from './forecaster';

/**
 * The state of one metric's detector: a fixed set of numbers (plus at most `warmup` buffered
 * readings until warm-up ends), so memory per metric is bounded and the whole thing survives
 * a restart as JSON. This is the stored form; a running detector keeps the numbers in one
 * Float64Array (the slots below) and the buffered readings in a plain array.
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

// Slots of the numbers in a running detector's array (fields of MetricDetectorState).
export const N = 0;
export const MISSING = 1;
export const MU = 2;
export const VX = 3;
export const LAG1 = 4;
export const LAG2 = 5;
export const VE = 6;
export const FAST = 7;
export const VD = 8;
export const CD = 9;
export const D_PREV = 10;
export const EBAR = 11;
export const VOL = 12;
export const VLV = 13;
export const RUN = 14;
export const PRESSURE = 15;
export const RES = 16;
export const LAST = 17;
/** NaN when no timestamp has been given. */
export const LAST_TS = 18;
export const TAIL = 19;
export const TAIL_COUNT = 4;
export const FC = TAIL + TAIL_COUNT;
export const STATE_SLOTS = FC + FORECAST_SLOTS;

const NUMBER_FIELDS = [
  ['n', N],
  ['missing', MISSING],
  ['mu', MU],
  ['vx', VX],
  ['lag1', LAG1],
  ['lag2', LAG2],
  ['ve', VE],
  ['fast', FAST],
  ['vd', VD],
  ['cd', CD],
  ['dPrev', D_PREV],
  ['ebar', EBAR],
  ['vol', VOL],
  ['vlv', VLV],
  ['run', RUN],
  ['pressure', PRESSURE],
  ['res', RES],
  ['last', LAST],
] as const;

/** Sets every slot of the state to that of a detector that has seen nothing. */
export function clearState(v: Float64Array): void {
  v.fill(0, 0, STATE_SLOTS);
  v[LAST_TS] = NaN;
}

/** The stored form of a running detector's numbers and warm-up buffer. */
export function saveState(v: Float64Array, warm: readonly number[]): MetricDetectorState {
  const lastTs = v[LAST_TS]!;
  return {
    version: 1,
    n: v[N]!,
    missing: v[MISSING]!,
    warm: [...warm],
    mu: v[MU]!,
    vx: v[VX]!,
    lag1: v[LAG1]!,
    lag2: v[LAG2]!,
    fc: saveForecast(v, FC),
    ve: v[VE]!,
    fast: v[FAST]!,
    vd: v[VD]!,
    cd: v[CD]!,
    dPrev: v[D_PREV]!,
    ebar: v[EBAR]!,
    vol: v[VOL]!,
    vlv: v[VLV]!,
    run: v[RUN]!,
    pressure: v[PRESSURE]!,
    tail: [v[TAIL]!, v[TAIL + 1]!, v[TAIL + 2]!, v[TAIL + 3]!],
    res: v[RES]!,
    last: v[LAST]!,
    lastTs: Number.isNaN(lastTs) ? null : lastTs,
  };
}

/**
 * Validates a stored state (e.g. read back after a restart), then writes its numbers into `v`
 * and returns a copy of its warm-up buffer; a state that does not validate changes nothing.
 */
export function loadState(state: MetricDetectorState, warmup: number, v: Float64Array): number[] {
  const bad = (why: string) => new Error(`invalid metric detector state: ${why}`);
  if (state === null || typeof state !== 'object' || state.version !== 1) throw bad('unknown version');
  for (const [key] of NUMBER_FIELDS)
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
  if (!Array.isArray(state.tail) || state.tail.length !== TAIL_COUNT || !state.tail.every(Number.isFinite))
    throw bad('tail must hold four finite numbers');
  if (!isForecastState(state.fc)) throw bad('fc is not a forecaster state');
  if (state.lastTs !== null && !Number.isFinite(state.lastTs)) throw bad('lastTs must be a number or null');
  for (const [key, slot] of NUMBER_FIELDS) v[slot] = state[key];
  v.set(state.tail, TAIL);
  v[LAST_TS] = state.lastTs ?? NaN;
  loadForecast(state.fc, v, FC);
  return [...state.warm];
}
