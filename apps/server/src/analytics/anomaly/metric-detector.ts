import { FEATURES, features, learn, predict } from './forecaster';
import { describe, type MetricEvidence, type Rule, type Views } from './evidence';
import { checkState, copyState, freshState, type MetricDetectorState } from './metric-state';
import { deviationSurprise, squash, zForSurprise } from './tail';
import { robustStart } from './warmup';

export type { MetricDetectorState } from './metric-state';
export type { MetricEvidence, Rule } from './evidence';

export interface MetricDetectorOptions {
  /** Readings the baseline remembers: its adaptation time scale (default 1000). */
  memory?: number;
  /** Span of the short-term mean and variability, in readings (default 10). */
  fastSpan?: number;
  /** Readings kept verbatim for a robust start (default 24). */
  warmup?: number;
  /** The surprise (−ln p) that maps to a score of 0.5 (default ln 10⁴, i.e. p = 1e-4). */
  halfSurprise?: number;
}

export interface MetricDetector {
  /** Scores one reading in [0, 1); non-finite values count as missing and score 0. */
  score(value: number, tsMs?: number): number;
  /** Surprise (−ln p) behind the last score, before squashing: what device scores combine. */
  surprise(): number;
  /** Evidence for the last score. */
  explain(): MetricEvidence;
  state(): MetricDetectorState;
  restore(state: MetricDetectorState): void;
}

const DEFAULTS: Required<MetricDetectorOptions> = {
  memory: 1000,
  fastSpan: 10,
  warmup: 24,
  halfSurprise: Math.log(1e4),
};

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
const VIEWS = 3;
const LN_VIEWS = Math.log(VIEWS);
const RULES = ['forecast', 'shift', 'variability'] as const;

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
  const o = { ...DEFAULTS, ...options };
  if (!(o.memory >= 10 && o.fastSpan >= 1 && o.warmup >= 3 && o.halfSurprise > 0))
    throw new Error('metric detector options out of range');
  const fastAlpha = 2 / (o.fastSpan + 1);
  const zBand = zForSurprise(o.halfSurprise + LN_VIEWS);
  let st = initial ? checkState(initial, o.warmup) : freshState();
  // The last reading's views (z, surprise, centre, scale, observed), kept for `explain`.
  const z = new Float64Array(VIEWS);
  const s = new Float64Array(VIEWS);
  const center = new Float64Array(VIEWS);
  const scale = new Float64Array(VIEWS);
  const observed = new Float64Array(VIEWS);
  const views: Views = { z, center, scale, observed };
  const feat = new Float64Array(FEATURES);
  // The last reading's surprise and value (NaN when missing): typed-array slots, because a
  // closure variable holding a double would allocate a heap number on every reading.
  const last = new Float64Array([0, NaN]);
  let lastRule: Rule = 'warmup';

  /** No scale may fall below a third of the sensor's resolution, nor 1e-9 of the level (nor 1e-150,
   * whose square is still a normal double). */
  const floorOf = () => Math.max(0.3 * st.res, 1e-9 * Math.abs(st.mu), 1e-150);

  /** One streaming step: the surprise of x given the state, then the state learns from x. */
  function step(x: number): number {
    const floor2 = floorOf() ** 2;
    const mu = st.mu;
    features(feat, st.fc, st.lag1, st.lag2, st.fast, mu);
    // A forecast stays within a few spreads of what was just seen, whatever the fit says.
    const sx = Math.sqrt(Math.max(st.vx, floor2));
    const lo = Math.min(st.lag1, st.fast, mu) - 4 * sx;
    const hi = Math.max(st.lag1, st.fast, mu) + 4 * sx;
    const raw = mu + predict(st.fc, feat);
    const pred = raw < lo ? lo : raw > hi ? hi : raw;
    const e = x - pred;
    const se = Math.sqrt(Math.max(st.ve, floor2));
    // An isolated outlier enters the lags and the short-term mean as forecast + clipped
    // residual, so one wild value does not echo through the next forecasts; from the second
    // outlier in a row on the same side it is taken as a real move.
    const side = e > CLIP * se ? 1 : e < -CLIP * se ? -1 : 0;
    const run = side !== 0 && Math.sign(st.run) === side ? st.run + side : side;
    const clean = run >= 2 || run <= -2 ? x : pred + clamp(e, CLIP * se);
    const fast = st.fast + fastAlpha * (clean - st.fast);
    const d = fast - mu;
    const sd = Math.sqrt(Math.max(st.vd, 0.09 * floor2));
    // Variability: short-term variance of the residual around its own short-term mean, against
    // the usual residual variance; a stuck sensor (constant residual) reads as a collapse.
    const ec = clamp(e, 6 * se);
    const ebar = st.ebar + fastAlpha * (ec - st.ebar);
    const vol = st.vol + fastAlpha * ((ec - st.ebar) * (ec - ebar) - st.vol);
    const lv = Math.log(Math.max(vol, floor2) / (se * se));
    const slv = Math.sqrt(Math.max(st.vlv, 0.01));

    z[0] = e / se;
    z[1] = d / sd;
    z[2] = lv / slv;
    s[0] = forecastSurprise(Math.abs(z[0]!), deviationSurprise(e, se));
    s[1] = shiftSurprise(d, sd);
    s[2] = deviationSurprise(lv, slv);
    center[0] = pred;
    center[1] = mu;
    center[2] = se;
    scale[0] = se;
    scale[1] = sd;
    scale[2] = slv;
    observed[0] = x;
    observed[1] = fast;
    observed[2] = Math.sqrt(Math.max(vol, 0));
    const best = s[0]! >= s[1]! ? (s[0]! >= s[2]! ? 0 : 2) : s[1]! >= s[2]! ? 1 : 2;
    lastRule = RULES[best]!;
    // Bonferroni over the three views: p = 3·min p.
    const surprise = Math.max(0, s[best]! - LN_VIEWS);

    const alpha = 1 / Math.min(st.n, o.memory);
    const sustained = Math.max(s[1]!, s[2]!) - LN_VIEWS >= o.halfSurprise;
    // A sustained change that persists for about memory·ln 2 readings is accepted as the new
    // normal: the baseline jumps to the short-term mean.
    st.pressure = st.pressure * (1 - 1 / o.memory) + (sustained ? 1 : 0);
    let w = alpha;
    if (st.pressure > o.memory / 2) {
      st.pressure = 0;
      st.mu = fast;
      st.lag1 = st.lag2 = st.fc.m1 = st.fc.m3 = fast;
    } else if (sustained && st.n > MATURE * o.memory) w = alpha * GATE;
    st.mu += w * clamp(x - mu, CLIP * sx);
    st.vx += w * (Math.min((x - mu) ** 2, VAR_CLIP2 * sx * sx) - st.vx);
    st.ve += w * (Math.min(e * e, VAR_CLIP2 * se * se) - st.ve);
    const wd = w / alpha / Math.min(st.n, SHIFT_MEMORY * o.memory);
    st.vd += wd * (Math.min(d * d, VAR_CLIP2 * sd * sd) - st.vd);
    const dc = clamp(d, 5 * sd);
    st.cd += wd * (dc * st.dPrev - st.cd);
    st.dPrev = dc;
    st.vlv += w * (Math.min(lv * lv, VAR_CLIP2 * slv * slv) - st.vlv);
    // Tail counts start once the residual scale is settled: during the replay of warm-up it
    // is not, and early "exceedances" would excuse real outliers for a thousand readings.
    if (st.n > 2 * o.warmup) {
      const az = Math.abs(z[0]!);
      const a = 1 / Math.min(st.n - 2 * o.warmup, o.memory);
      for (let j = 0; j < TAIL_LEVELS.length; j++)
        st.tail[j] = st.tail[j]! + a * ((az > TAIL_LEVELS[j]! ? 1 : 0) - st.tail[j]!);
    }
    // Re-solving every fourth reading is as good as every reading and a quarter of the cost.
    learn(st.fc, feat, clean - mu, w, clean, (st.n & 3) === 0 || st.n <= 4 * o.warmup);
    st.lag2 = st.lag1;
    st.lag1 = clean;
    st.run = run;
    st.fast = fast;
    st.ebar = ebar;
    st.vol = vol;
    return surprise;
  }

  /**
   * Surprise of the short-term mean's distance from the baseline, as a Student t with as many
   * degrees of freedom as the variance estimate has independent readings behind it: a slowly
   * wandering series (a random walk, a drifting temperature) has few, so its excursions are
   * judged with heavy tails instead of alarming; white noise has hundreds, so this is Gaussian.
   */
  function shiftSurprise(d: number, sd: number): number {
    const rho = Math.min(Math.max(st.cd / Math.max(st.vd, 1e-300), 0), 0.9999);
    // Effective sample size of a variance estimate from an AR(1)-like series: n(1 − ρ²)/(1 + ρ²).
    const horizon = Math.min(st.n, SHIFT_MEMORY * o.memory);
    const nu = Math.max(2, (horizon * (1 - rho * rho)) / (1 + rho * rho));
    return deviationSurprise(studentAsNormal(d / sd, nu), 1);
  }

  /**
   * The forecast surprise, tempered by how often residuals this large have occurred: a series
   * whose residuals regularly reach 10σ (heavy tails, a recurring burst) should not alarm every
   * time. The empirical rate counts only once it rests on several occurrences (the (k/(k+10))²
   * factor), so a second or third spike in a quiet series is still news.
   */
  function forecastSurprise(az: number, gaussian: number): number {
    if (!(az > TAIL_LEVELS[0])) return gaussian;
    let j = 0;
    while (j + 1 < TAIL_LEVELS.length && az > TAIL_LEVELS[j + 1]!) j++;
    const rate = st.tail[j]!;
    const k = rate * Math.min(st.n - 2 * o.warmup, o.memory);
    const ratio = TAIL_LEVELS[j]! / az;
    const p = rate * (k / (k + 10)) ** 2 * ratio * ratio;
    return p > 0 ? Math.min(gaussian, -Math.log(p)) : gaussian;
  }

  /** Ends warm-up: robust starting estimates, then the buffered readings replayed through `step`. */
  function finishWarmup() {
    const warm = st.warm;
    const start = robustStart(warm);
    const kept = { n: st.n, res: st.res, last: st.last, lastTs: st.lastTs, missing: st.missing };
    st = { ...freshState(), res: kept.res, last: kept.last, lastTs: kept.lastTs, missing: kept.missing };
    st.mu = st.lag1 = st.lag2 = st.fast = st.fc.m1 = st.fc.m3 = start.center;
    st.vx = start.scale ** 2;
    st.ve = Math.min(start.scale, start.diffScale) ** 2 || st.vx;
    st.vd = start.scale ** 2 * (fastAlpha / (2 - fastAlpha));
    st.vol = st.ve;
    st.vlv = 2 * fastAlpha;
    for (const x of warm) {
      st.n += 1;
      step(x);
    }
    st.n = kept.n;
  }

  /**
   * Before warm-up ends: distance from the median of the readings so far in robust σ, judged
   * as a Student t with k − 1 degrees of freedom (k readings so far): a spread estimated from
   * two or three readings proves little, so early scores stay low unless the reading is wild.
   */
  function warmupSurprise(x: number): number {
    lastRule = 'warmup';
    const k = st.warm.length;
    observed[0] = x;
    z[0] = 0;
    scale[0] = 0;
    center[0] = x;
    if (k < 2) return 0;
    const start = robustStart(st.warm);
    const sigma = Math.max(start.scale, start.diffScale, floorOf(), 1e-9 * Math.abs(start.center));
    z[0] = (x - start.center) / sigma;
    center[0] = start.center;
    scale[0] = sigma;
    return Math.max(0, deviationSurprise(studentAsNormal(z[0]!, k - 1), 1) - LN_VIEWS);
  }

  function score(value: number, tsMs?: number): number {
    if (tsMs !== undefined && Number.isFinite(tsMs)) st.lastTs = tsMs;
    if (!Number.isFinite(value)) {
      st.missing += 1;
      last[0] = 0;
      last[1] = NaN;
      lastRule = 'missing';
      return 0;
    }
    last[1] = value;
    const k = st.n;
    st.n += 1;
    let raw: number;
    if (k < o.warmup) {
      raw = warmupSurprise(value);
      st.warm.push(value);
      if (st.warm.length === o.warmup) finishWarmup();
    } else {
      raw = step(value);
      if (!Number.isFinite(st.mu + st.vx + st.ve + st.vd + st.vlv + st.vol + predict(st.fc, feat))) {
        // Only readings beyond ~1e150 can overflow the squares: start over rather than carry NaN.
        st = { ...freshState(), missing: st.missing, lastTs: st.lastTs };
      }
    }
    // The resolution learns from this reading only after scoring it: the first move of a
    // sensor that has never moved is news, not its own yardstick.
    if (k > 0 && value !== st.last) {
      const diff = Math.abs(value - st.last);
      if (st.res === 0 || diff < st.res) st.res = diff;
    }
    st.last = value;
    last[0] = raw * confidence(k);
    return squash(last[0], o.halfSurprise);
  }

  function explain(): MetricEvidence {
    const value = Number.isNaN(last[1]!) ? null : last[1]!;
    const base = { score: squash(last[0]!, o.halfSurprise), value, tsMs: st.lastTs, readings: st.n };
    return describe(lastRule, views, zBand, base);
  }

  return {
    score,
    surprise: () => last[0]!,
    explain,
    state: () => copyState(st),
    restore(state) {
      st = checkState(state, o.warmup);
      last[0] = 0;
      last[1] = NaN;
      lastRule = 'warmup';
    },
  };
}
