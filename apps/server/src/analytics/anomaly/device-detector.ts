import {
  createMetricDetector,
  type MetricDetector,
  type MetricDetectorOptions,
  type MetricDetectorState,
  type MetricEvidence,
} from './metric-detector';
import { gammaSurprise, lnGamma, squash } from './tail';

export type DeviceDetectorOptions = MetricDetectorOptions;

export interface DeviceDetectorState {
  version: 1;
  n: number;
  /** Running mean and variance of the summed metric surprises (Brown's correction). */
  sumMean: number;
  sumVar: number;
  metrics: Record<string, MetricDetectorState>;
}

export interface DeviceEvidence {
  /** `joint`: several metrics are unusual together; `single`: one metric stands out alone. */
  combination: 'joint' | 'single';
  /** The metric that contributed most, with its own evidence (null before any reading). */
  top: (MetricEvidence & { metric: string }) | null;
  /** Metrics by contribution, largest first (at most five, scores above 0.2). */
  contributors: { metric: string; score: number }[];
}

export interface DeviceScore {
  device: number;
  metrics: Record<string, number>;
  evidence: DeviceEvidence;
}

export interface DeviceDetector {
  readonly metricNames: readonly string[];
  /** Scores one row; metrics absent from `values` (or non-finite) count as missing. */
  score(values: Readonly<Record<string, number | null | undefined>>, tsMs?: number): DeviceScore;
  /** The same without building objects: values in `metricNames` order; returns the device score. */
  scoreArray(values: ArrayLike<number>, tsMs?: number): number;
  /** Scores and evidence of the last row. */
  explain(): DeviceScore;
  state(): DeviceDetectorState;
  restore(state: DeviceDetectorState): void;
}

// Mean and variance of one metric's surprise on stationary noise (measured once with the
// default options: 0.83 and 1.12 on white or AR(1) Gaussian noise); the prior of Brown's
// correction until the device has figures of its own.
const NULL_MEAN = 0.83;
const NULL_VAR = 1.12;
const PRIOR_READINGS = 50;
// The Gamma fit moves slowly; refitting it every few rows is as good and saves a ln Γ per row.
const REFIT_EVERY = 8;

/**
 * Combines per-metric surprises s_i = −ln p_i two ways and keeps the stronger, so that neither
 * one wild metric nor several mildly unusual ones go unnoticed:
 *
 * - joint: Fisher's method, S = Σ s_i, with Brown's correction for dependence — S is compared
 *   with a Gamma distribution whose mean and variance are those of S on this device's own
 *   history (correlated metrics inflate the variance, which the fit absorbs);
 * - single: Bonferroni, max_i s_i − ln k.
 *
 * The device surprise is their log-mean-exp (strictly increasing in every s_i, so two metrics
 * drifting together always outscore either drifting alone). A single metric is its own device.
 */
export function createDeviceDetector(
  metricNames: readonly string[],
  options: DeviceDetectorOptions = {},
  initial?: DeviceDetectorState,
): DeviceDetector {
  if (metricNames.length === 0) throw new Error('a device detector needs at least one metric');
  if (new Set(metricNames).size !== metricNames.length) throw new Error('metric names must be unique');
  const names = [...metricNames];
  const k = names.length;
  const lnK = Math.log(k);
  const half = options.halfSurprise ?? Math.log(1e4);
  const memory = options.memory ?? 1000;
  const detectors: MetricDetector[] = names.map(() => createMetricDetector(options));
  const surprises = new Float64Array(k);
  const row = new Float64Array(k);
  // Scalars in one typed array (a closure variable holding a double allocates on every write):
  // rows seen, mean and variance of S, the last device score, Gamma shape, scale and ln Γ(shape).
  const m = new Float64Array([0, k * NULL_MEAN, k * NULL_VAR, 0, 0, 0, 0]);
  const N = 0;
  const MEAN = 1;
  const VAR = 2;
  const LAST = 3;
  const SHAPE = 4;
  const SCALE = 5;
  const LNGAMMA = 6;
  let lastJoint = false;
  refit();
  if (initial) restore(initial);

  function refit() {
    m[SHAPE] = (m[MEAN]! * m[MEAN]!) / m[VAR]!;
    m[SCALE] = m[VAR]! / m[MEAN]!;
    m[LNGAMMA] = lnGamma(m[SHAPE]!);
  }

  function combine(present: number): number {
    // One metric: its own score is the device's; no readings at all: no evidence.
    if (k === 1 || present === 0) return surprises[0]!;
    let sum = 0;
    let max = 0;
    for (let i = 0; i < k; i++) {
      const s = surprises[i]!;
      sum += s;
      if (s > max) max = s;
    }
    // A missing metric adds what a metric usually adds, neither alarming nor reassuring.
    sum += ((k - present) * m[MEAN]!) / k;
    const joint = gammaSurprise(m[SHAPE]!, sum / m[SCALE]!, m[LNGAMMA]!);
    const single = Math.max(0, max - lnK);
    const device = Math.max(joint, single) + Math.log1p(Math.exp(-Math.abs(joint - single))) - Math.LN2;
    lastJoint = joint > single;
    // Learn what S looks like in normal operation only; an anomaly must not teach the baseline.
    if (device < half) {
      const alpha = 1 / Math.min(m[N]! + PRIOR_READINGS, memory);
      const diff = Math.min(sum, m[MEAN]! + 3 * Math.sqrt(m[VAR]!)) - m[MEAN]!;
      m[MEAN] = m[MEAN]! + alpha * diff;
      m[VAR] = Math.max((1 - alpha) * (m[VAR]! + alpha * diff * diff), 1e-6);
      if (m[N]! % REFIT_EVERY === 0) refit();
    }
    return Math.max(0, device);
  }

  function scoreArray(values: ArrayLike<number>, tsMs?: number): number {
    m[N] = m[N]! + 1;
    let present = 0;
    for (let i = 0; i < k; i++) {
      const v = values[i];
      const det = detectors[i]!;
      det.score(v === undefined ? NaN : v, tsMs);
      surprises[i] = det.surprise();
      if (Number.isFinite(v)) present++;
    }
    m[LAST] = squash(combine(present), half);
    return m[LAST]!;
  }

  function explain(): DeviceScore {
    const metrics: Record<string, number> = {};
    let top = 0;
    const ranked: { metric: string; score: number }[] = [];
    for (let i = 0; i < k; i++) {
      const score = squash(surprises[i]!, half);
      metrics[names[i]!] = score;
      if (surprises[i]! > surprises[top]!) top = i;
      if (score > 0.2) ranked.push({ metric: names[i]!, score });
    }
    ranked.sort((a, b) => b.score - a.score);
    return {
      device: m[LAST]!,
      metrics,
      evidence: {
        combination: lastJoint ? 'joint' : 'single',
        top: m[N] === 0 ? null : { metric: names[top]!, ...detectors[top]!.explain() },
        contributors: ranked.slice(0, 5),
      },
    };
  }

  function score(values: Readonly<Record<string, number | null | undefined>>, tsMs?: number): DeviceScore {
    for (let i = 0; i < k; i++) {
      const v = values[names[i]!];
      row[i] = typeof v === 'number' ? v : NaN;
    }
    scoreArray(row, tsMs);
    return explain();
  }

  function restore(state: DeviceDetectorState) {
    if (state === null || typeof state !== 'object' || state.version !== 1)
      throw new Error('invalid device detector state: unknown version');
    if (!(state.n >= 0) || !(state.sumMean > 0) || !(state.sumVar > 0))
      throw new Error('invalid device detector state: bad running moments');
    for (const name of names)
      if (!state.metrics?.[name])
        throw new Error(`invalid device detector state: no state for metric ${name}`);
    names.forEach((name, i) => detectors[i]!.restore(state.metrics[name]!));
    m[N] = state.n;
    m[MEAN] = state.sumMean;
    m[VAR] = state.sumVar;
    m[LAST] = 0;
    surprises.fill(0);
    refit();
  }

  return {
    metricNames: names,
    score,
    scoreArray,
    explain,
    state: () => ({
      version: 1,
      n: m[N]!,
      sumMean: m[MEAN]!,
      sumVar: m[VAR]!,
      metrics: Object.fromEntries(names.map((name, i) => [name, detectors[i]!.state()])),
    }),
    restore,
  };
}
