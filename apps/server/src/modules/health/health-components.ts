import type { HealthDriver } from '@dtwin/contracts/health';
import type { MetricDefinition } from '@dtwin/contracts/models';
import { placeOf, positionScore, withUnit, zoneOf } from './metric-position';
import type { Bucket } from '../../analytics/series-reader';

const MINUTE = 60_000;
/** The "current" level is the mean of the last few minutes, so a single glitch does not move it. */
const RECENT_MS = 5 * MINUTE;
/** Anomaly rate at which the anomaly part of reliability reaches 0. */
const ANOMALY_RATE_FLOOR = 0.2;
/** Time since maintenance that costs nothing; the age part then falls to 0 over twice that again. */
export const SERVICE_INTERVAL_DAYS = 180;

export interface MetricWindow {
  metric: MetricDefinition;
  /** 1-minute buckets of the window, oldest first. */
  minutes: readonly Bucket[];
}

export interface ComponentResult {
  score: number | null;
  summary: string;
  drivers: HealthDriver[];
}

const pct = (v: number) => `${Math.round(v * 100)} %`;

/** One weak metric pulls a component down without a single metric deciding it alone. */
export const worstWeighted = (scores: readonly number[]) =>
  scores.length === 0
    ? null
    : 0.5 * Math.min(...scores) + (0.5 * scores.reduce((a, b) => a + b, 0)) / scores.length;

export function recentLevel(minutes: readonly Bucket[], now: number): number | null {
  const recent = minutes.filter((b) => b.t >= now - RECENT_MS);
  const use = recent.length > 0 ? recent : minutes.slice(-1);
  const n = use.reduce((a, b) => a + b.count, 0);
  return n > 0 ? use.reduce((a, b) => a + b.mean * b.count, 0) / n : null;
}

function component(
  kind: HealthDriver['kind'],
  perMetric: Array<{ metric: string; score: number; value: number; detail: string }>,
  allGood: string,
): ComponentResult {
  const score = worstWeighted(perMetric.map((p) => p.score));
  const drivers = perMetric
    .filter((p) => p.score < 99.5)
    .sort((a, b) => a.score - b.score)
    .slice(0, 3)
    .map((p) => ({
      kind,
      metric: p.metric,
      score: Math.round(p.score * 10) / 10,
      value: Math.round(p.value * 1e4) / 1e4,
      detail: p.detail,
    }));
  return { score, summary: drivers[0]?.detail ?? allGood, drivers };
}

/** How the device runs now: the current level of each metric against its ranges. */
export function performance(windows: readonly MetricWindow[], now: number): ComponentResult {
  const per = windows.flatMap(({ metric, minutes }) => {
    const level = recentLevel(minutes, now);
    if (level === null) return [];
    return [
      {
        metric: metric.name,
        score: 100 * positionScore(metric, level),
        value: level,
        detail: `${metric.name} is ${withUnit(level, metric.unit)}, ${placeOf(metric, level)}`,
      },
    ];
  });
  return per.length === 0
    ? { score: null, summary: 'no readings in the window', drivers: [] }
    : component('level', per, 'every metric is within its normal range');
}

/** Exposure over the window: minutes in the normal range count fully, in the warning band half, beyond critical not at all. */
export function safety(windows: readonly MetricWindow[]): ComponentResult {
  const per = windows.flatMap(({ metric, minutes }) => {
    if (minutes.length === 0) return [];
    let warning = 0;
    let critical = 0;
    for (const b of minutes) {
      const zone = zoneOf(metric, b.mean);
      if (zone === 'warning') warning++;
      else if (zone === 'critical') critical++;
    }
    const n = minutes.length;
    const score = (100 * (n - warning - critical + 0.5 * warning)) / n;
    return [
      {
        metric: metric.name,
        score,
        value: (warning + critical) / n,
        detail: `${metric.name}: ${pct(warning / n)} of ${n} min outside its normal range, ${pct(critical / n)} beyond its critical limit`,
      },
    ];
  });
  return per.length === 0
    ? { score: null, summary: 'no readings in the window', drivers: [] }
    : component('exposure', per, 'every metric stayed within its normal range');
}

/** The `efficiency` metric against its range; not applicable to models without one. */
export function efficiency(window: MetricWindow | undefined, now: number): ComponentResult {
  if (!window) return { score: null, summary: 'this model reports no efficiency', drivers: [] };
  const level = recentLevel(window.minutes, now);
  if (level === null) return { score: null, summary: 'no efficiency readings in the window', drivers: [] };
  const { metric } = window;
  return component(
    'efficiency',
    [
      {
        metric: metric.name,
        score: 100 * positionScore(metric, level),
        value: level,
        detail: `efficiency is ${withUnit(level, metric.unit)}, ${placeOf(metric, level)}`,
      },
    ],
    `efficiency is ${withUnit(level, metric.unit)}, within its normal range`,
  );
}

/**
 * Readings received against those expected at the reporting interval over [from, now), and (when
 * scored) the anomaly rate. `from` is where the device's history starts within the window; none
 * when that is shorter than one interval.
 */
export function reliability(input: {
  windows: readonly MetricWindow[];
  from: number;
  now: number;
  intervalMs: number;
  anomaly: { rate: number; scored: number } | null;
}): ComponentResult {
  const { windows, from, now, intervalMs, anomaly } = input;
  // Less than one reporting interval of history cannot show a missing reading: no score yet.
  if (now - from < intervalMs)
    return {
      score: null,
      summary: `too early to judge: less than one reporting interval (${intervalMs / 1000} s) of history`,
      drivers: [],
    };
  const expected = Math.max(1, (now - from) / intervalMs);
  const reporting = windows.filter((w) => w.minutes.length > 0);
  const completeness =
    reporting.length === 0
      ? 0
      : reporting.reduce(
          (a, w) => a + Math.min(1, w.minutes.reduce((s, b) => s + b.count, 0) / expected),
          0,
        ) / reporting.length;
  // Longest run of minutes without any reading.
  const seen = new Set(windows.flatMap((w) => w.minutes.map((b) => Math.floor(b.t / MINUTE))));
  let gap = 0;
  let run = 0;
  for (let m = Math.ceil(from / MINUTE); m < Math.floor(now / MINUTE); m++) {
    run = seen.has(m) ? 0 : run + 1;
    gap = Math.max(gap, run);
  }
  const drivers: HealthDriver[] = [];
  const dataDetail = `received ${pct(completeness)} of the readings expected every ${intervalMs / 1000} s over ${Math.round((now - from) / MINUTE)} min${gap > 0 ? `; longest gap ${gap} min` : ''}`;
  if (completeness < 0.995)
    drivers.push({
      kind: 'data',
      metric: null,
      score: Math.round(1000 * completeness) / 10,
      value: Math.round(completeness * 1e4) / 1e4,
      detail: dataDetail,
    });
  let score = 100 * completeness;
  if (anomaly && anomaly.scored >= 10) {
    const anomalyPart = 1 - Math.min(1, anomaly.rate / ANOMALY_RATE_FLOOR);
    score = 100 * (0.6 * completeness + 0.4 * anomalyPart);
    if (anomalyPart < 0.995)
      drivers.push({
        kind: 'anomaly',
        metric: null,
        score: Math.round(1000 * anomalyPart) / 10,
        value: anomaly.rate,
        detail: `${pct(anomaly.rate)} of ${anomaly.scored} scored readings were anomalous`,
      });
  }
  drivers.sort((a, b) => a.score - b.score);
  return { score, summary: drivers[0]?.detail ?? dataDetail, drivers };
}

/** Degradation (the worst 7-day failure probability) and time since the last maintenance. */
export function maintenance(input: {
  degradation: { p7d: number; metric: string | null; rulH: number | null } | null;
  lastMaintenanceAt: number | null;
  now: number;
}): ComponentResult {
  const parts: number[] = [];
  const drivers: HealthDriver[] = [];
  const { degradation, lastMaintenanceAt, now } = input;
  if (degradation) {
    parts.push(1 - degradation.p7d);
    if (degradation.p7d >= 0.005 && degradation.metric) {
      const when =
        degradation.rulH === null
          ? ''
          : ` in about ${degradation.rulH < 48 ? `${degradation.rulH.toFixed(1)} h` : `${(degradation.rulH / 24).toFixed(1)} days`}`;
      drivers.push({
        kind: 'degradation',
        metric: degradation.metric,
        score: Math.round(1000 * (1 - degradation.p7d)) / 10,
        value: degradation.p7d,
        detail: `${degradation.metric} is predicted to reach its critical limit${when} (7-day failure probability ${degradation.p7d.toFixed(2)})`,
      });
    }
  }
  if (lastMaintenanceAt !== null) {
    const days = Math.max(0, (now - lastMaintenanceAt) / 86_400_000);
    const age =
      days <= SERVICE_INTERVAL_DAYS
        ? 1
        : Math.max(0, 1 - (days - SERVICE_INTERVAL_DAYS) / (2 * SERVICE_INTERVAL_DAYS));
    parts.push(age);
    if (age < 0.995)
      drivers.push({
        kind: 'service',
        metric: null,
        score: Math.round(1000 * age) / 10,
        value: Math.round(days),
        detail: `last maintenance ${Math.round(days)} days ago (service interval ${SERVICE_INTERVAL_DAYS} days)`,
      });
  }
  if (parts.length === 0)
    return { score: null, summary: 'no prediction yet and no maintenance date recorded', drivers: [] };
  drivers.sort((a, b) => a.score - b.score);
  const summary =
    drivers[0]?.detail ??
    (lastMaintenanceAt === null
      ? 'no degradation in sight (no maintenance date recorded)'
      : 'no degradation in sight; maintenance up to date');
  return { score: (100 * parts.reduce((a, b) => a + b, 0)) / parts.length, summary, drivers };
}
