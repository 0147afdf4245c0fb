import { describe, setView, VIEW_SLOTS, type MetricEvidence, type Rule } from './evidence';
import { FEATURES, features, learn, predict, restartMeans } from './forecaster';
import {
  CD,
  clearState,
  D_PREV,
  EBAR,
  FAST,
  FC,
  LAG1,
  LAG2,
  LAST,
  LAST_TS,
  loadState,
  MISSING,
  MU,
  N,
  PRESSURE,
  RES,
  RUN,
  saveState,
  STATE_SLOTS,
  TAIL,
  VD,
  VE,
  VLV,
  VOL,
  VX,
  type MetricDetectorState,
} from './metric-state';
import { deviationSurprise, squash } from './tail';
import { robustStart } from './warmup';
import { LN_VIEWS, metricSettings, type MetricDetectorOptions, type MetricSettings } from './metric-settings';

export type { MetricDetectorState } from './metric-state';
export type { MetricEvidence, Rule } from './evidence';
export { metricSettings, type MetricDetectorOptions, type MetricSettings } from './metric-settings';

// Huber clipping of the level update and winsorising of the variance updates, in standard
// deviations. Variances clip wider: at 3σ a sensor whose normal behaviour includes frequent
// jumps (a quantised flow meter) would keep its variance collapsed and alarm on every jump.
const CLIP = 3;
const VAR_CLIP2 = 25;
// While a sustained change (shift or variability) is flagged, the baseline learns at this
// fraction of its usual rate, so an ongoing fault is not absorbed into "normal"…
const GATE = 0.1;
// …unless the detector is still young (it must be free to learn its normal first).
const MATURE = 0.25;
// The shift view's spread is a property of how the series wanders, which takes long to learn
// and must not be taught by a slow drift: it remembers four times longer than the baseline.
const SHIFT_MEMORY = 4;
const TAIL_LEVELS = [4, 8, 16, 32] as const;
const RULES = ['forecast', 'shift', 'variability'] as const;

// After the state: the last reading's surprise and value (NaN when missing), then its views.
const SURPRISE = STATE_SLOTS;
const VALUE = STATE_SLOTS + 1;
const EVIDENCE = STATE_SLOTS + 2;
/** How many numbers a metric detector keeps. */
export const METRIC_SLOTS = EVIDENCE + VIEW_SLOTS;

// Features of the reading being scored: only used within one `score` call, so shared.
const feat = new Float64Array(FEATURES);

const clamp = (v: number, limit: number) => (v > limit ? limit : v < -limit ? -limit : v);

/**
 * The normal deviate with (nearly) the same tail probability as t with ν degrees of freedom
 * (from the t density's log ratio; within a few percent for ν ≥ 2 out to the far tail).
 */
const studentAsNormal = (t: number, nu: number) => Math.sqrt((nu - 0.5) * Math.log1p((t * t) / nu));

/** Confidence in the estimates after k readings: damps early scores instead of withholding them. */
const confidence = (k: number) => k / (k + 8);

export function createMetricDetector(
  options: MetricDetectorOptions = {},
  initial?: MetricDetectorState,
): MetricDetector {
  return new MetricDetector(metricSettings(options), new Float64Array(METRIC_SLOTS), initial);
}

/**
 * One metric's streaming detector. Its numbers live in a Float64Array of METRIC_SLOTS (the
 * state, then the last reading's evidence; a device gives its metrics slices of one array) and
 * its methods on the prototype, so that thousands of devices of several metrics cost little.
 */
export class MetricDetector {
  /** The first readings, until warm-up ends. */
  private warm: number[] = [];
  private rule: Rule = 'warmup';

  constructor(
    private readonly o: MetricSettings,
    private v: Float64Array,
    initial?: MetricDetectorState,
  ) {
    this.reset();
    if (initial) this.restore(initial);
  }

  /** Scores one reading in [0, 1); non-finite values count as missing and score 0. */
  score(value: number, tsMs?: number): number {
    const v = this.v;
    if (tsMs !== undefined && Number.isFinite(tsMs)) v[LAST_TS] = tsMs;
    if (!Number.isFinite(value)) {
      v[MISSING] = v[MISSING]! + 1;
      v[SURPRISE] = 0;
      v[VALUE] = NaN;
      this.rule = 'missing';
      return 0;
    }
    v[VALUE] = value;
    const k = v[N]!;
    v[N] = k + 1;
    let raw: number;
    if (k < this.o.warmup) {
      raw = this.warmupSurprise(value);
      this.warm.push(value);
      if (this.warm.length === this.o.warmup) this.finishWarmup();
    } else {
      raw = this.step(value);
      if (!Number.isFinite(v[MU]! + v[VX]! + v[VE]! + v[VD]! + v[VLV]! + v[VOL]! + predict(v, FC, feat))) {
        // Only readings beyond ~1e150 can overflow the squares: start over rather than carry NaN.
        const missing = v[MISSING]!;
        const lastTs = v[LAST_TS]!;
        clearState(v);
        v[MISSING] = missing;
        v[LAST_TS] = lastTs;
        this.warm = [];
      }
    }
    // The resolution learns from this reading only after scoring it: the first move of a
    // sensor that has never moved is news, not its own yardstick.
    if (k > 0 && value !== v[LAST]) {
      const diff = Math.abs(value - v[LAST]!);
      if (v[RES] === 0 || diff < v[RES]!) v[RES] = diff;
    }
    v[LAST] = value;
    v[SURPRISE] = raw * confidence(k);
    return squash(v[SURPRISE]!, this.o.halfSurprise);
  }

  /** Surprise (−ln p) behind the last score, before squashing: what device scores combine. */
  surprise(): number {
    return this.v[SURPRISE]!;
  }

  /** Evidence for the last score. */
  explain(): MetricEvidence {
    const v = this.v;
    const lastTs = v[LAST_TS]!;
    const base = {
      score: squash(v[SURPRISE]!, this.o.halfSurprise),
      value: Number.isNaN(v[VALUE]!) ? null : v[VALUE]!,
      tsMs: Number.isNaN(lastTs) ? null : lastTs,
      readings: v[N]!,
    };
    return describe(this.rule, v, EVIDENCE, this.o.zBand, base);
  }

  state(): MetricDetectorState {
    return saveState(this.v, this.warm);
  }

  /** Continues from a stored state; throws, changing nothing, on one that does not validate. */
  restore(state: MetricDetectorState): void {
    this.warm = loadState(state, this.o.warmup, this.v);
    this.v[SURPRISE] = 0;
    this.v[VALUE] = NaN;
    this.rule = 'warmup';
  }

  /**
   * Re-baselines after a known change of operating point (a new setpoint, maintenance, a
   * restart): the baseline jumps to the short-term mean, so the new level is normal rather than a
   * shift; what was learnt about the noise, the forecaster and the tails is kept. Called on every
   * reading of a re-baselining period, it follows the transition to its new level.
   */
  rebaseline(): void {
    const v = this.v;
    if (v[N]! <= this.o.warmup) return;
    v[MU] = v[FAST]!;
    restartMeans(v, FC, v[FAST]!);
    v[PRESSURE] = 0;
    v[EBAR] = 0;
  }

  /** Starts again from nothing. */
  reset(): void {
    clearState(this.v);
    this.v.fill(0, STATE_SLOTS);
    this.v[VALUE] = NaN;
    this.warm = [];
    this.rule = 'warmup';
  }

  /** Carries the numbers over to `v` (when a device moves its metrics to a larger array). */
  moveTo(v: Float64Array): void {
    v.set(this.v);
    this.v = v;
  }

  /** No scale may fall below a third of the sensor's resolution, nor 1e-9 of the level (nor
   * 1e-150, whose square is still a normal double). */
  private floor(): number {
    return Math.max(0.3 * this.v[RES]!, 1e-9 * Math.abs(this.v[MU]!), 1e-150);
  }

  /** One streaming step: the surprise of x given the state, then the state learns from x. */
  private step(x: number): number {
    const v = this.v;
    const o = this.o;
    const floor2 = this.floor() ** 2;
    const mu = v[MU]!;
    features(feat, v, FC, v[LAG1]!, v[LAG2]!, v[FAST]!, mu);
    // A forecast stays within a few spreads of what was just seen, whatever the fit says.
    const sx = Math.sqrt(Math.max(v[VX]!, floor2));
    const lo = Math.min(v[LAG1]!, v[FAST]!, mu) - 4 * sx;
    const hi = Math.max(v[LAG1]!, v[FAST]!, mu) + 4 * sx;
    const raw = mu + predict(v, FC, feat);
    const pred = raw < lo ? lo : raw > hi ? hi : raw;
    const e = x - pred;
    const se = Math.sqrt(Math.max(v[VE]!, floor2));
    // An isolated outlier enters the lags and the short-term mean as forecast + clipped
    // residual, so one wild value does not echo through the next forecasts; from the second
    // outlier in a row on the same side it is taken as a real move.
    const side = e > CLIP * se ? 1 : e < -CLIP * se ? -1 : 0;
    const run = side !== 0 && Math.sign(v[RUN]!) === side ? v[RUN]! + side : side;
    const clean = run >= 2 || run <= -2 ? x : pred + clamp(e, CLIP * se);
    const fast = v[FAST]! + o.fastAlpha * (clean - v[FAST]!);
    const d = fast - mu;
    const sd = Math.sqrt(Math.max(v[VD]!, 0.09 * floor2));
    // Variability: short-term variance of the residual around its own short-term mean, against
    // the usual residual variance; a stuck sensor (constant residual) reads as a collapse.
    const ec = clamp(e, 6 * se);
    const ebar = v[EBAR]! + o.fastAlpha * (ec - v[EBAR]!);
    const vol = v[VOL]! + o.fastAlpha * ((ec - v[EBAR]!) * (ec - ebar) - v[VOL]!);
    const lv = Math.log(Math.max(vol, floor2) / (se * se));
    const slv = Math.sqrt(Math.max(v[VLV]!, 0.01));

    const ze = e / se;
    const s0 = this.forecastSurprise(Math.abs(ze), deviationSurprise(e, se));
    const s1 = this.shiftSurprise(d, sd);
    const s2 = deviationSurprise(lv, slv);
    setView(v, EVIDENCE, 0, ze, pred, se, x);
    setView(v, EVIDENCE, 1, d / sd, mu, sd, fast);
    setView(v, EVIDENCE, 2, lv / slv, se, slv, Math.sqrt(Math.max(vol, 0)));
    const best = s0 >= s1 ? (s0 >= s2 ? 0 : 2) : s1 >= s2 ? 1 : 2;
    this.rule = RULES[best]!;
    // Bonferroni over the three views: p = 3·min p.
    const surprise = Math.max(0, (best === 0 ? s0 : best === 1 ? s1 : s2) - LN_VIEWS);

    const alpha = 1 / Math.min(v[N]!, o.memory);
    const sustained = Math.max(s1, s2) - LN_VIEWS >= o.halfSurprise;
    // A sustained change that persists for about memory·ln 2 readings is accepted as the new
    // normal: the baseline jumps to the short-term mean.
    v[PRESSURE] = v[PRESSURE]! * (1 - 1 / o.memory) + (sustained ? 1 : 0);
    let w = alpha;
    if (v[PRESSURE]! > o.memory / 2) {
      v[PRESSURE] = 0;
      v[MU] = v[LAG1] = v[LAG2] = fast;
      restartMeans(v, FC, fast);
    } else if (sustained && v[N]! > MATURE * o.memory) w = alpha * GATE;
    v[MU] = v[MU]! + w * clamp(x - mu, CLIP * sx);
    v[VX] = v[VX]! + w * (Math.min((x - mu) ** 2, VAR_CLIP2 * sx * sx) - v[VX]!);
    v[VE] = v[VE]! + w * (Math.min(e * e, VAR_CLIP2 * se * se) - v[VE]!);
    const wd = w / alpha / Math.min(v[N]!, SHIFT_MEMORY * o.memory);
    v[VD] = v[VD]! + wd * (Math.min(d * d, VAR_CLIP2 * sd * sd) - v[VD]!);
    const dc = clamp(d, 5 * sd);
    v[CD] = v[CD]! + wd * (dc * v[D_PREV]! - v[CD]!);
    v[D_PREV] = dc;
    v[VLV] = v[VLV]! + w * (Math.min(lv * lv, VAR_CLIP2 * slv * slv) - v[VLV]!);
    // Tail counts start once the residual scale is settled: during the replay of warm-up it
    // is not, and early "exceedances" would excuse real outliers for a thousand readings.
    if (v[N]! > 2 * o.warmup) {
      const az = Math.abs(ze);
      const a = 1 / Math.min(v[N]! - 2 * o.warmup, o.memory);
      for (let j = 0; j < TAIL_LEVELS.length; j++)
        v[TAIL + j] = v[TAIL + j]! + a * ((az > TAIL_LEVELS[j]! ? 1 : 0) - v[TAIL + j]!);
    }
    // Re-solving every fourth reading is as good as every reading and a quarter of the cost.
    learn(v, FC, feat, clean - mu, w, clean, (v[N]! & 3) === 0 || v[N]! <= 4 * o.warmup);
    v[LAG2] = v[LAG1]!;
    v[LAG1] = clean;
    v[RUN] = run;
    v[FAST] = fast;
    v[EBAR] = ebar;
    v[VOL] = vol;
    return surprise;
  }

  /**
   * Surprise of the short-term mean's distance from the baseline, as a Student t with as many
   * degrees of freedom as the variance estimate has independent readings behind it: a slowly
   * wandering series (a random walk, a drifting temperature) has few, so its excursions are
   * judged with heavy tails instead of alarming; white noise has hundreds, so this is Gaussian.
   */
  private shiftSurprise(d: number, sd: number): number {
    const v = this.v;
    const rho = Math.min(Math.max(v[CD]! / Math.max(v[VD]!, 1e-300), 0), 0.9999);
    // Effective sample size of a variance estimate from an AR(1)-like series: n(1 − ρ²)/(1 + ρ²).
    const horizon = Math.min(v[N]!, SHIFT_MEMORY * this.o.memory);
    const nu = Math.max(2, (horizon * (1 - rho * rho)) / (1 + rho * rho));
    return deviationSurprise(studentAsNormal(d / sd, nu), 1);
  }

  /**
   * The forecast surprise, tempered by how often residuals this large have occurred: a series
   * whose residuals regularly reach 10σ (heavy tails, a recurring burst) should not alarm every
   * time. The empirical rate counts only once it rests on several occurrences (the (k/(k+10))²
   * factor), so a second or third spike in a quiet series is still news.
   */
  private forecastSurprise(az: number, gaussian: number): number {
    if (!(az > TAIL_LEVELS[0])) return gaussian;
    let j = 0;
    while (j + 1 < TAIL_LEVELS.length && az > TAIL_LEVELS[j + 1]!) j++;
    const rate = this.v[TAIL + j]!;
    const k = rate * Math.min(this.v[N]! - 2 * this.o.warmup, this.o.memory);
    const ratio = TAIL_LEVELS[j]! / az;
    const p = rate * (k / (k + 10)) ** 2 * ratio * ratio;
    return p > 0 ? Math.min(gaussian, -Math.log(p)) : gaussian;
  }

  /** Ends warm-up: robust starting estimates, then the buffered readings replayed through `step`. */
  private finishWarmup(): void {
    const v = this.v;
    const warm = this.warm;
    const start = robustStart(warm);
    const [n, res, last, lastTs, missing] = [v[N]!, v[RES]!, v[LAST]!, v[LAST_TS]!, v[MISSING]!];
    clearState(v);
    this.warm = [];
    v[RES] = res;
    v[LAST] = last;
    v[LAST_TS] = lastTs;
    v[MISSING] = missing;
    v[MU] = v[LAG1] = v[LAG2] = v[FAST] = start.center;
    restartMeans(v, FC, start.center);
    v[VX] = start.scale ** 2;
    v[VE] = Math.min(start.scale, start.diffScale) ** 2 || v[VX]!;
    v[VD] = start.scale ** 2 * (this.o.fastAlpha / (2 - this.o.fastAlpha));
    v[VOL] = v[VE]!;
    v[VLV] = 2 * this.o.fastAlpha;
    for (const x of warm) {
      v[N] = v[N]! + 1;
      this.step(x);
    }
    v[N] = n;
  }

  /**
   * Before warm-up ends: distance from the median of the readings so far in robust σ, judged
   * as a Student t with k − 1 degrees of freedom (k readings so far): a spread estimated from
   * two or three readings proves little, so early scores stay low unless the reading is wild.
   */
  private warmupSurprise(x: number): number {
    this.rule = 'warmup';
    const k = this.warm.length;
    if (k < 2) {
      setView(this.v, EVIDENCE, 0, 0, x, 0, x);
      return 0;
    }
    const start = robustStart(this.warm);
    const sigma = Math.max(start.scale, start.diffScale, this.floor(), 1e-9 * Math.abs(start.center));
    const z = (x - start.center) / sigma;
    setView(this.v, EVIDENCE, 0, z, start.center, sigma, x);
    return Math.max(0, deviationSurprise(studentAsNormal(z, k - 1), 1) - LN_VIEWS);
  }
}
