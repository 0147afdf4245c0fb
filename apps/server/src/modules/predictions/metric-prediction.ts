import type { MetricDefinition } from '@dtwin/contracts/models';
import type { MetricPrediction } from '@dtwin/contracts/predictions';
import {
  fitCurve,
  remainingLife,
  type CurveFit,
  type Direction,
  type RemainingLife,
} from './degradation-fit';
import { assess, type Assessment } from './failure-assessment';
import { bucketMeans, median, type Point } from '../../analytics/robust-stats';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How far back to look, finest first. Raw readings serve the short windows (a scenario sped up
 * for a demo degrades in minutes), 1-minute means the long ones. Each window is reduced to at
 * most 120 bucket means, so every fit costs the same whatever the reporting rate.
 */
export const LOOKBACKS = [
  { ms: 15 * MINUTE, source: 'raw' },
  { ms: 30 * MINUTE, source: 'raw' },
  { ms: HOUR, source: 'raw' },
  { ms: 2 * HOUR, source: 'minutes' },
  { ms: 3 * HOUR, source: 'minutes' },
  { ms: 4.5 * HOUR, source: 'minutes' },
  { ms: 6 * HOUR, source: 'minutes' },
  { ms: 9 * HOUR, source: 'minutes' },
  { ms: 12 * HOUR, source: 'minutes' },
  { ms: 18 * HOUR, source: 'minutes' },
  { ms: 24 * HOUR, source: 'minutes' },
] as const;
export const RAW_SPAN_MS = HOUR;
export const MINUTES_SPAN_MS = 24 * HOUR;
const MAX_POINTS = 120;

export interface MetricSeries {
  /** Raw readings of the last hour. */
  raw: readonly Point[];
  /** 1-minute means of the last 24 hours (t = the middle of the minute). */
  minutes: readonly Point[];
}

/**
 * The window is chosen from the data: among the windows whose fitted onset lies inside them
 * (after their first 15 %: the departure and a stretch of normal behaviour before it are both in
 * view), the fit with the strongest evidence; failing that, the strongest fit of any window.
 */
export function chooseFit(series: MetricSeries, now: number): { fit: CurveFit; lookbackMs: number } | null {
  const fits: Array<{ fit: CurveFit; lookbackMs: number }> = [];
  for (const lookback of LOOKBACKS) {
    const source = lookback.source === 'raw' ? series.raw : series.minutes;
    const fit = fitCurve(bucketMeans(source, now - lookback.ms, now + 1, MAX_POINTS), now);
    if (fit) fits.push({ fit, lookbackMs: lookback.ms });
  }
  const withCurve = fits.filter((f) => f.fit.curve !== null);
  const inside = withCurve.filter((f) => (f.fit.curve?.t0 ?? 0) * HOUR >= -0.85 * f.lookbackMs);
  const pool = inside.length > 0 ? inside : withCurve;
  if (pool.length === 0) return fits.at(-1) ?? null;
  return pool.reduce((a, b) => (b.fit.evidence > a.fit.evidence ? b : a));
}

const limitOf = (m: MetricDefinition, d: Direction) => (d === 'high' ? m.critical.max : m.critical.min);

/** For a metric bad on both sides: the side the curve heads for first, else the side it is nearer. */
export function chooseDirection(
  metric: MetricDefinition,
  fit: CurveFit,
  currentLevel = fit.recentLevel,
): { direction: Direction; life: RemainingLife } {
  const sides: Direction[] = metric.bad === 'both' ? ['high', 'low'] : [metric.bad];
  const options = sides.map((direction) => ({
    direction,
    life: remainingLife(fit, limitOf(metric, direction), direction, currentLevel),
  }));
  const crossing = options
    .filter((o) => o.life.rulH !== null)
    .sort((a, b) => (a.life.rulH ?? 0) - (b.life.rulH ?? 0));
  if (crossing[0]) return crossing[0];
  const centre = (metric.normal.min + metric.normal.max) / 2;
  const direction: Direction =
    metric.bad === 'both' ? (fit.recentLevel >= centre ? 'high' : 'low') : metric.bad;
  return (
    options.find((o) => o.direction === direction) ?? {
      direction,
      life: remainingLife(fit, limitOf(metric, direction), direction, currentLevel),
    }
  );
}

const round = (v: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
const fmt = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
const hours = (h: number) =>
  h < 1 ? `${Math.round(h * 60)} min` : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`;

export function describe(
  metric: MetricDefinition,
  fit: CurveFit,
  direction: Direction,
  life: RemainingLife,
  a: Assessment | null,
  current = fit.recentLevel,
): string {
  const unit = metric.unit ? ` ${metric.unit}` : '';
  const limit = limitOf(metric, direction);
  if (life.rulH === 0)
    return `${metric.name} is at or past its critical limit (${fmt(limit)}${unit}): now ${fmt(current)}${unit}.`;
  if (!fit.curve || life.rulH === null) {
    return `${metric.name} shows no trend towards its critical limit (${fmt(limit)}${unit}); now ${fmt(current)}${unit}.`;
  }
  const sinceH = -fit.curve.t0;
  const shape = fit.model === 'exponential' ? 'accelerating' : 'steadily';
  // A trend seen for minutes is quoted per minute, a longer one per hour; one seen for less than
  // two minutes has no rate worth quoting.
  const perMinute = sinceH < 1;
  const rateValue = Math.abs(fit.slopePerH) / (perMinute ? 60 : 1);
  const rate = `${fmt(rateValue)}${unit} per ${perMinute ? 'minute' : 'hour'}`;
  const range =
    a && a.rulLowH !== null
      ? ` (${hours(a.rulLowH)}–${Number.isFinite(a.rulHighH) ? hours(a.rulHighH) : 'unbounded'})`
      : '';
  const unusual =
    a && a.parts.departure < 1
      ? '; it is still within what it did before, so this is not yet a confident prediction'
      : '';
  const way = direction === 'high' ? 'up' : 'down';
  if (sinceH * 60 < 2)
    return `${metric.name} has just started moving ${way} (${fmt(fit.level)}${unit}); if it went on like this it would reach ${fmt(limit)}${unit} in ${hours(life.rulH)}${range}${unusual}.`;
  return `${metric.name} has been moving ${way} ${shape} for ${hours(sinceH)}, now ${rate} at ${fmt(fit.level)}${unit}; at this rate it reaches ${fmt(limit)}${unit} in ${hours(life.rulH)}${range}${unusual}.`;
}

/** The API shape of one metric's prediction. */
export function toPrediction(input: {
  metric: MetricDefinition;
  fit: CurveFit;
  lookbackMs: number;
  direction: Direction;
  life: RemainingLife;
  assessment: Assessment | null;
  edge: { value: number | null; source: 'history' | 'normal_range' };
  current: number | null;
  now: number;
}): MetricPrediction {
  const { metric, fit, direction, life, assessment: a, now } = input;
  const rul = life.rulH;
  const p = a?.probability ?? { '24h': 0, '7d': 0, '30d': 0 };
  return {
    metric: metric.name,
    unit: metric.unit,
    direction,
    current: input.current === null ? null : round(input.current),
    level: round(fit.level),
    limit: limitOf(metric, direction),
    slope_per_h: fit.curve ? round(fit.slopePerH) : null,
    rul_h: rul === null ? null : round(rul, 3),
    rul_low_h:
      a?.rulLowH === null || a?.rulLowH === undefined
        ? rul === null
          ? null
          : round(rul, 3)
        : round(a.rulLowH, 3),
    rul_high_h: a && Number.isFinite(a.rulHighH) ? round(a.rulHighH, 3) : null,
    failure_at: rul === null ? null : new Date(now + rul * HOUR).toISOString(),
    failure_probability: { '24h': round(p['24h']), '7d': round(p['7d']), '30d': round(p['30d']) },
    confidence: round(a?.confidence ?? 0),
    model: fit.model,
    evidence: {
      summary: describe(metric, fit, direction, life, a, input.current ?? fit.recentLevel),
      lookback_h: round(input.lookbackMs / HOUR, 3),
      onset: fit.curve ? new Date(now + fit.curve.t0 * HOUR).toISOString() : null,
      points: fit.points,
      envelope_edge: input.edge.value === null ? null : round(input.edge.value),
      envelope_source: input.edge.source,
      departure: round(a?.departure ?? 0),
      fit_evidence: round(fit.evidence),
      rate_per_h: round(fit.curve?.k ?? 0),
    },
    computed_at: new Date(now).toISOString(),
  };
}

/**
 * One metric's prediction from its recent history. `envelope` gives the edge the metric reached
 * before on a side (null without enough history); it is only asked for when a crossing is in
 * sight, so healthy metrics cost no extra reads.
 */
export async function predictMetric(input: {
  metric: MetricDefinition;
  series: MetricSeries;
  now: number;
  current: number | null;
  envelope: (direction: Direction) => Promise<number | null> | number | null;
}): Promise<MetricPrediction | null> {
  const { metric, now } = input;
  const chosen = chooseFit(input.series, now);
  if (!chosen) return null;
  const { fit, lookbackMs } = chosen;
  // Where the metric is now: the median of the last three 1-minute means (a glitch does not count).
  const latest = input.series.minutes.filter((p) => p.t >= now - 5 * MINUTE).slice(-3);
  const currentLevel = latest.length > 0 ? median(latest.map((p) => p.y)) : fit.recentLevel;
  const { direction, life } = chooseDirection(metric, fit, currentLevel);
  const limit = limitOf(metric, direction);
  const normalEdge = direction === 'high' ? metric.normal.max : metric.normal.min;
  const history = life.rulH === null ? null : await input.envelope(direction);
  const edge = history ?? normalEdge;
  const assessment =
    life.rulH === null ? null : assess({ fit, life, limit, direction, normal: metric.normal, edge, now });
  return toPrediction({
    metric,
    fit,
    lookbackMs,
    direction,
    life,
    assessment,
    edge: { value: edge, source: history === null ? 'normal_range' : 'history' },
    current: latest.length > 0 ? currentLevel : input.current,
    now,
  });
}
