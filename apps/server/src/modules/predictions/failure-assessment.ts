import type { CurveFit, Direction, RemainingLife } from './degradation-fit';
import { clamp, normalCdf, quantileSorted } from '../../analytics/robust-stats';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const Z90 = 1.6449;

/** Horizons of the failure probabilities, in hours. */
export const HORIZONS = { '24h': 24, '7d': 168, '30d': 720 } as const;
export type Horizon = keyof typeof HORIZONS;

/** A trend is not extrapolated further than this many times the span it was observed over. */
const EXTRAPOLATION_FACTOR = 3;
/** Backtests on the simulator's scenarios put the central estimate within about ±20 % past mid-degradation. */
const MIN_RELATIVE_SPREAD = { low: 0.8, high: 1.25 };

/**
 * The same time of day (± `halfWidthMs`) on each of the past `days` days, stopping `gapMs` before
 * now so that a degradation under way does not become its own reference.
 */
export function sameTimeWindows(now: number, { days = 7, halfWidthMs = 90 * 60_000, gapMs = 6 * HOUR } = {}) {
  const windows: Array<{ from: number; to: number }> = [];
  for (let d = 0; d <= days; d++) {
    const centre = now - d * DAY;
    const from = Math.max(centre - halfWidthMs, now - days * DAY);
    const to = Math.min(centre + halfWidthMs, now - gapMs);
    if (from < to) windows.push({ from, to });
  }
  return windows;
}

/** The level the metric reached before on its bad side: 99.5th (or 0.5th) percentile of the 1-minute means. */
export function envelopeEdge(values: readonly number[], direction: Direction, minPoints = 60): number | null {
  if (values.length < minPoints) return null;
  const sorted = Float64Array.from(values).sort();
  return quantileSorted(sorted, direction === 'high' ? 0.995 : 0.005);
}

export interface Assessment {
  confidence: number;
  /** Share of the way from the envelope edge to the limit the metric has gone past the edge (≥ 0). */
  departure: number;
  probability: Record<Horizon, number>;
  rulLowH: number | null;
  rulHighH: number;
  parts: { departure: number; severity: number; fit: number; significance: number; present: number };
}

/**
 * How much to believe a projected crossing, and the probability of failing within each horizon.
 *
 * confidence = departure × severity × fit × significance × present, each in [0, 1]:
 * - departure: the metric is beyond what it did before at this time of day (or, without a week
 *   of history, beyond its normal range), reaching 1 at 10 % of the way from that edge to the
 *   critical limit: a metric doing what it always does is not degrading;
 * - severity: how far it has moved from the middle of its normal range towards the bad edge;
 * - fit: the degradation curve explains the data (BIC evidence, 1 at ≥ 1 per effective point);
 * - significance: 1 when the interval is bounded (the trend is significantly towards the
 *   limit), else 0.5;
 * - present: 0 when the curve misses the latest points by more than 3 standard errors.
 *
 * P(fail within H) = confidence × Φ((ln min(H, 3·span) − ln RUL) / σ), a log-normal RUL whose σ
 * comes from its 90 % interval (widened to at least −20 %/+25 %); span is how long the departure
 * has been observed, so a trend seen for two hours says nothing about the next month.
 */
export function assess(input: {
  fit: CurveFit;
  life: RemainingLife;
  limit: number;
  direction: Direction;
  normal: { min: number; max: number };
  edge: number;
  now: number;
}): Assessment {
  const { fit, life, limit, direction, normal, edge, now } = input;
  const sign = direction === 'high' ? 1 : -1;
  // The less alarming of the curve and the latest data.
  const level = sign > 0 ? Math.min(fit.level, fit.recentLevel) : Math.max(fit.level, fit.recentLevel);
  const headroom = sign * (limit - edge);
  const beyond = sign * (level - edge);
  const departure = headroom > 0 ? Math.max(0, beyond / headroom) : beyond > 0 ? 1 : 0;
  const centre = (normal.min + normal.max) / 2;
  const normalEdge = direction === 'high' ? normal.max : normal.min;
  const halfRange = sign * (normalEdge - centre);
  const parts = {
    departure: clamp(departure / 0.1, 0, 1),
    severity: halfRange > 0 ? clamp((sign * (level - centre)) / halfRange, 0, 1) : 1,
    fit: clamp(fit.evidence, 0, 1),
    significance: Number.isFinite(life.highH) ? 1 : 0.5,
    present: Math.abs(fit.recentBias) <= 3 ? 1 : 0,
  };
  const atLimit = life.rulH === 0;
  const confidence = atLimit
    ? 1
    : parts.departure * parts.severity * parts.fit * parts.significance * parts.present;

  const rul = life.rulH;
  const low = rul === null ? null : Math.min(life.lowH ?? rul, rul * MIN_RELATIVE_SPREAD.low);
  const high = rul === null ? Infinity : Math.max(life.highH, rul * MIN_RELATIVE_SPREAD.high);
  const span = fit.curve ? -fit.curve.t0 : (now - fit.from) / HOUR;
  const probability = (hours: number): number => {
    if (rul === null) return 0;
    if (rul === 0) return 1;
    const sigma = Math.max(
      0.1,
      Number.isFinite(high) ? Math.log(high / (low ?? rul)) / (2 * Z90) : Math.log(rul / (low ?? rul)) / Z90,
    );
    const horizon = Math.min(hours, EXTRAPOLATION_FACTOR * span);
    if (!(horizon > 0)) return 0;
    return clamp(confidence * normalCdf((Math.log(horizon) - Math.log(rul)) / sigma), 0, 1);
  };
  return {
    confidence,
    departure,
    probability: {
      '24h': probability(HORIZONS['24h']),
      '7d': probability(HORIZONS['7d']),
      '30d': probability(HORIZONS['30d']),
    },
    rulLowH: low,
    rulHighH: high,
    parts,
  };
}
