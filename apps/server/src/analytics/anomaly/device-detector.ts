import {
  METRIC_SLOTS,
  MetricDetector,
  metricSettings,
  type MetricDetectorOptions,
  type MetricDetectorState,
  type MetricEvidence,
  type MetricSettings,
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

/** A known change the device's baselines were re-learnt after, instead of alerting on it. */
export interface RebaselineContext {
  /** e.g. `speed_setpoint_rpm 2900 → 2500`, `maintenance mode entered`. */
  reason: string;
  /** When the change happened, and the end of the re-baselining period (epoch ms). */
  atMs: number;
  untilMs: number;
}

export interface DeviceEvidence {
  /** The last re-baselining of this device, if any (scores are held low until `untilMs`). */
  context?: RebaselineContext;
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

// Mean and variance of one metric's surprise on stationary noise (measured once with the
// default options: 0.83 and 1.12 on white or AR(1) Gaussian noise); the prior of Brown's
// correction until the device has figures of its own.
const NULL_MEAN = 0.83;
const NULL_VAR = 1.12;
const PRIOR_READINGS = 50;
// Deadband of the device score (as in alarm management): once at FLAG or above, the score is
// held at FLAG while it stays at HOLD or above, so a fault whose evidence wavers around the flag
// level is one flagged stretch, not a flicker. Below HOLD it is reported as is.
export const FLAG = 0.5;
const HOLD = 0.35;
// While re-baselining, the device score stays below this (no alert on a change that was asked for).
const REBASELINE_CAP = 0.3;
// The Gamma fit moves slowly; refitting it every few rows is as good and saves a ln Γ per row.
const REFIT_EVERY = 8;
// Slots of the device's numbers: rows seen, mean and variance of S, the last device score, the
// Gamma fit's shape, scale and ln Γ(shape), and ln k.
const N = 0;
const MEAN = 1;
const VAR = 2;
const LAST = 3;
const SHAPE = 4;
const SCALE = 5;
const LN_GAMMA = 6;
const LN_K = 7;

// One row in metric order, for `score`: only used within one call, so shared (and grown when a
// device has more metrics than any before).
let row = new Float64Array(16);

/**
 * The metrics of a stored state that have had a reading (a state stored before detectors kept
 * to the metrics a device reports holds every metric of its model). Reads untrusted JSON.
 */
export function metricsWithReadings(state: DeviceDetectorState): string[] {
  const metrics: unknown = state?.metrics;
  if (typeof metrics !== 'object' || metrics === null) return [];
  return Object.entries(metrics as Record<string, Partial<MetricDetectorState> | null>)
    .filter(([, metric]) => (metric?.n ?? 0) > 0)
    .map(([name]) => name);
}

export function createDeviceDetector(
  metricNames: readonly string[],
  options: DeviceDetectorOptions = {},
  initial?: DeviceDetectorState,
): DeviceDetector {
  return new DeviceDetector(metricNames, options, initial);
}

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
 * Metrics can be added as a device starts reporting them (`addMetric`).
 */
export class DeviceDetector {
  private readonly names: string[] = [];
  private readonly detectors: MetricDetector[] = [];
  private readonly settings: MetricSettings;
  private readonly m = new Float64Array(8);
  private lastJoint = false;
  private context: RebaselineContext | undefined;

  constructor(
    metricNames: readonly string[],
    options: DeviceDetectorOptions = {},
    initial?: DeviceDetectorState,
  ) {
    if (metricNames.length === 0) throw new Error('a device detector needs at least one metric');
    if (new Set(metricNames).size !== metricNames.length) throw new Error('metric names must be unique');
    this.settings = metricSettings(options);
    this.push(metricNames);
    const k = metricNames.length;
    this.m[MEAN] = k * NULL_MEAN;
    this.m[VAR] = k * NULL_VAR;
    this.refit();
    if (initial) this.restore(initial);
  }

  /**
   * Re-baselines every metric on the readings up to `context.untilMs` (rows without a time do not
   * count): each such row still learns and is scored, but its metrics' baselines follow the new
   * level and the device score stays low. A row after the period is scored as usual, so an
   * anomaly that persists after it still alerts.
   */
  rebaseline(context: RebaselineContext): void {
    this.context = { ...context };
  }

  /** The last re-baselining (see `rebaseline`). */
  lastContext(): RebaselineContext | undefined {
    return this.context;
  }

  /** The metrics scored, in the order `scoreArray` takes them. */
  get metricNames(): readonly string[] {
    return this.names;
  }

  /**
   * Starts scoring one more metric (one the device has just started reporting), from scratch.
   * The running moments of S gain one metric's prior (NULL_MEAN, NULL_VAR): a new metric has no
   * history, so its surprise is taken to be a null metric's, independent of the others, until
   * the fit learns otherwise; what the device learnt about its other metrics, including the
   * variance their correlation adds, is kept. (Rescaling the moments by (k + 1)/k instead would
   * credit the newcomer with the others' quirks, such as a heavy-tailed sensor's larger mean.)
   */
  addMetric(name: string): void {
    if (this.names.includes(name)) throw new Error(`metric ${name} is already scored`);
    this.push([name]);
    this.m[MEAN] = this.m[MEAN]! + NULL_MEAN;
    this.m[VAR] = this.m[VAR]! + NULL_VAR;
    this.refit();
  }

  /** Scores one row; metrics absent from `values` (or non-finite) count as missing. */
  score(values: Readonly<Record<string, number | null | undefined>>, tsMs?: number): DeviceScore {
    this.scoreRow(values, tsMs);
    return this.explain();
  }

  /** The same without building the evidence (`topMetric` still tells the main contributor); returns the device score. */
  scoreRow(values: Readonly<Record<string, number | null | undefined>>, tsMs?: number): number {
    const k = this.names.length;
    for (let i = 0; i < k; i++) {
      const v = values[this.names[i]!];
      row[i] = typeof v === 'number' ? v : NaN;
    }
    return this.scoreArray(row, tsMs);
  }

  /** The metric that contributed most to the last row (undefined before any row). */
  topMetric(): string | undefined {
    if (this.m[N] === 0) return undefined;
    let top = 0;
    for (let i = 1; i < this.detectors.length; i++) {
      if (this.detectors[i]!.surprise() > this.detectors[top]!.surprise()) top = i;
    }
    return this.names[top];
  }

  /** The same without building objects: values in `metricNames` order; returns the device score. */
  scoreArray(values: ArrayLike<number>, tsMs?: number): number {
    const m = this.m;
    m[N] = m[N]! + 1;
    let present = 0;
    for (let i = 0; i < this.detectors.length; i++) {
      const v = values[i];
      this.detectors[i]!.score(v === undefined ? NaN : v, tsMs);
      if (Number.isFinite(v)) present++;
    }
    const score = squash(this.combine(present), this.settings.halfSurprise);
    const ctx = this.context;
    if (ctx && tsMs !== undefined && tsMs >= ctx.atMs && tsMs <= ctx.untilMs) {
      for (const detector of this.detectors) detector.rebaseline();
      m[LAST] = Math.min(score, REBASELINE_CAP);
      return m[LAST];
    }
    m[LAST] = m[LAST]! >= FLAG && score >= HOLD && score < FLAG ? FLAG : score;
    return m[LAST]!;
  }

  /** Scores and evidence of the last row. */
  explain(): DeviceScore {
    const metrics: Record<string, number> = {};
    const ranked: { metric: string; score: number }[] = [];
    for (let i = 0; i < this.detectors.length; i++) {
      const surprise = this.detectors[i]!.surprise();
      const score = squash(surprise, this.settings.halfSurprise);
      metrics[this.names[i]!] = score;
      if (score > 0.2) ranked.push({ metric: this.names[i]!, score });
    }
    ranked.sort((a, b) => b.score - a.score);
    const top = this.topMetric();
    return {
      device: this.m[LAST]!,
      metrics,
      evidence: {
        ...(this.context ? { context: { ...this.context } } : {}),
        combination: this.lastJoint ? 'joint' : 'single',
        top:
          top === undefined ? null : { metric: top, ...this.detectors[this.names.indexOf(top)]!.explain() },
        contributors: ranked.slice(0, 5),
      },
    };
  }

  state(): DeviceDetectorState {
    return {
      version: 1,
      n: this.m[N]!,
      sumMean: this.m[MEAN]!,
      sumVar: this.m[VAR]!,
      metrics: Object.fromEntries(this.names.map((name, i) => [name, this.detectors[i]!.state()])),
    };
  }

  /**
   * Continues from a stored state, which may hold other metrics than this detector scores (the
   * device reports a metric more, or one fewer, than when it was stored): the metrics both have
   * continue; those only the state has are dropped, and with them their share of the moments of
   * S (the figures do not say which metric contributed what, so each had an equal share); those
   * only the detector has start from scratch, adding their prior as in `addMetric` (with no
   * metric in common, the device starts from its prior alone).
   */
  restore(state: DeviceDetectorState): void {
    if (state === null || typeof state !== 'object' || state.version !== 1)
      throw new Error('invalid device detector state: unknown version');
    if (!(state.n >= 0) || !(state.sumMean > 0) || !(state.sumVar > 0))
      throw new Error('invalid device detector state: bad running moments');
    if (state.metrics === null || typeof state.metrics !== 'object')
      throw new Error('invalid device detector state: no metric states');
    const stored = Object.keys(state.metrics).length;
    let kept = 0;
    this.names.forEach((name, i) => {
      const metric = state.metrics[name];
      if (metric) {
        this.detectors[i]!.restore(metric);
        kept++;
      } else this.detectors[i]!.reset();
    });
    const fresh = this.names.length - kept;
    const share = kept === 0 ? 0 : kept / stored;
    const m = this.m;
    m[N] = kept === 0 ? 0 : state.n;
    m[MEAN] = state.sumMean * share + fresh * NULL_MEAN;
    m[VAR] = state.sumVar * share + fresh * NULL_VAR;
    m[LAST] = 0;
    this.refit();
  }

  /** Adds fresh detectors; the numbers of all the metrics move to one new array. */
  private push(names: readonly string[]): void {
    const values = new Float64Array((this.names.length + names.length) * METRIC_SLOTS);
    const slice = (i: number) => values.subarray(i * METRIC_SLOTS, (i + 1) * METRIC_SLOTS);
    this.detectors.forEach((detector, i) => detector.moveTo(slice(i)));
    for (const name of names) {
      this.detectors.push(new MetricDetector(this.settings, slice(this.names.length)));
      this.names.push(name);
    }
    this.m[LN_K] = Math.log(this.names.length);
    if (row.length < this.names.length) row = new Float64Array(2 * this.names.length);
  }

  private refit(): void {
    const m = this.m;
    m[SHAPE] = (m[MEAN]! * m[MEAN]!) / m[VAR]!;
    m[SCALE] = m[VAR]! / m[MEAN]!;
    m[LN_GAMMA] = lnGamma(m[SHAPE]!);
  }

  private combine(present: number): number {
    const k = this.detectors.length;
    const m = this.m;
    // One metric: its own score is the device's; no readings at all: no evidence.
    if (k === 1 || present === 0) return this.detectors[0]!.surprise();
    let sum = 0;
    let max = 0;
    for (let i = 0; i < k; i++) {
      const s = this.detectors[i]!.surprise();
      sum += s;
      if (s > max) max = s;
    }
    // A missing metric adds what a metric usually adds, neither alarming nor reassuring.
    sum += ((k - present) * m[MEAN]!) / k;
    const joint = gammaSurprise(m[SHAPE]!, sum / m[SCALE]!, m[LN_GAMMA]!);
    const single = Math.max(0, max - m[LN_K]!);
    const device = Math.max(joint, single) + Math.log1p(Math.exp(-Math.abs(joint - single))) - Math.LN2;
    this.lastJoint = joint > single;
    // Learn what S looks like in normal operation only; an anomaly must not teach the baseline.
    if (device < this.settings.halfSurprise) {
      const alpha = 1 / Math.min(m[N]! + PRIOR_READINGS, this.settings.memory);
      const diff = Math.min(sum, m[MEAN]! + 3 * Math.sqrt(m[VAR]!)) - m[MEAN]!;
      m[MEAN] = m[MEAN]! + alpha * diff;
      m[VAR] = Math.max((1 - alpha) * (m[VAR]! + alpha * diff * diff), 1e-6);
      if (m[N]! % REFIT_EVERY === 0) this.refit();
    }
    return Math.max(0, device);
  }
}
