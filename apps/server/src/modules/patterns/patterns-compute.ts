import type { DevicePatterns, MetricPattern } from '@dtwin/contracts/patterns';
import type { MetricDefinition } from '@dtwin/contracts/models';
import type { Point } from '../../analytics/robust-stats';
import { bucketPoints, type SeriesReader } from '../../analytics/series-reader';
import { theilSen } from '../../analytics/theil-sen';
import { changePoints } from './change-points';
import { pearson, strengthOf } from './correlation';
import { deseasonalize, detrend, seasonality } from './seasonality';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What a device's patterns are computed from, besides its rollups (plain data: it crosses to the analytics thread). */
export interface DevicePatternsInput {
  deviceId: string;
  metrics: MetricDefinition[];
  now: number;
  hourlyDays: number;
  trendDays: number;
  correlationHours: number;
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/** Trend over the last `days` of hourly means: Theil–Sen per day, a direction only when its 90 % interval excludes 0. */
export function trendOf(hourly: readonly Point[], now: number, days: number): MetricPattern['trend'] {
  const recent = hourly.filter((p) => p.t >= now - days * DAY);
  const fit =
    recent.length >= 6
      ? theilSen(
          recent.map((p) => p.t / DAY),
          recent.map((p) => p.y),
        )
      : null;
  const span = recent.length > 0 ? ((recent.at(-1)?.t ?? 0) - (recent[0]?.t ?? 0)) / DAY : 0;
  if (!fit)
    return {
      slope_per_day: null,
      slope_low_per_day: null,
      slope_high_per_day: null,
      direction: 'flat',
      days: round(span, 2),
    };
  const direction = fit.slopeLow > 0 ? 'rising' : fit.slopeHigh < 0 ? 'falling' : 'flat';
  const finite = (v: number) => (Number.isFinite(v) ? round(v) : null);
  return {
    slope_per_day: round(fit.slope),
    slope_low_per_day: finite(fit.slopeLow),
    slope_high_per_day: finite(fit.slopeHigh),
    direction,
    days: round(span, 2),
  };
}

/**
 * The patterns of one device from its hourly and 1-minute rollups read through `reader` (see
 * patterns.service.ts for what each is). The one code path, whether it runs on the analytics
 * thread (with that thread's connection) or in this one (ANALYTICS_THREAD=off).
 */
export async function computeDevicePatterns(
  reader: SeriesReader,
  input: DevicePatternsInput,
): Promise<DevicePatterns> {
  const { deviceId, now, ...o } = input;
  const hourlyFrom = now - o.hourlyDays * DAY;
  const minuteFrom = now - o.correlationHours * HOUR;
  const metrics: MetricPattern[] = [];
  const minuteMaps: Array<{ name: string; values: Map<number, number> }> = [];
  for (const metric of input.metrics) {
    const hourly = bucketPoints(await reader.hours(deviceId, metric, hourlyFrom, now + 1), HOUR);
    const season = seasonality(hourly);
    const lastWeek = hourly.filter((p) => p.t >= now - o.trendDays * DAY);
    // Shifts are looked for in what the trend and the daily cycle do not explain: a steady creep is a trend, not a series of steps.
    const shifts = changePoints(
      detrend(
        season.profile && (season.daily ?? 0) >= 0.3 ? deseasonalize(lastWeek, season.profile) : lastWeek,
      ),
      { minSegment: 6 },
    );
    metrics.push({
      metric: metric.name,
      unit: metric.unit,
      hours: hourly.length,
      trend: trendOf(hourly, now, o.trendDays),
      seasonality: {
        daily: season.daily === null ? null : round(season.daily, 3),
        weekly: season.weekly === null ? null : round(season.weekly, 3),
        peak_hour_utc: season.daily === null ? null : season.peakHour,
        trough_hour_utc: season.daily === null ? null : season.troughHour,
      },
      change_points: shifts.map((c) => {
        // Levels of the series itself on either side (the detected shift is in the detrended one).
        const before = lastWeek.filter((p) => p.t < c.t && p.t >= c.t - 6 * HOUR).map((p) => p.y);
        const after = lastWeek.filter((p) => p.t >= c.t && p.t < c.t + 6 * HOUR).map((p) => p.y);
        const mean = (xs: number[], fallback: number) =>
          xs.length === 0 ? fallback : xs.reduce((a, b) => a + b, 0) / xs.length;
        return {
          at: new Date(c.t - HOUR / 2).toISOString(),
          before: round(mean(before, c.before)),
          after: round(mean(after, c.after)),
          shift_sigma: round(c.shiftSigma, 2),
        };
      }),
    });
    const minutes = await reader.minutes(deviceId, metric, minuteFrom, now + 1);
    minuteMaps.push({ name: metric.name, values: new Map(minutes.map((b) => [b.t, b.mean])) });
  }
  const correlations: DevicePatterns['correlations'] = [];
  for (let i = 0; i < minuteMaps.length; i++) {
    for (let j = i + 1; j < minuteMaps.length; j++) {
      const a = minuteMaps[i];
      const b = minuteMaps[j];
      if (!a || !b) continue;
      const c = pearson(a.values, b.values);
      if (c) correlations.push({ a: a.name, b: b.name, r: round(c.r, 3), n: c.n, strength: strengthOf(c.r) });
    }
  }
  correlations.sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
  return {
    device_id: deviceId,
    computed_at: new Date(now).toISOString(),
    window: {
      hourly_from: new Date(hourlyFrom).toISOString(),
      minute_from: new Date(minuteFrom).toISOString(),
      to: new Date(now).toISOString(),
    },
    metrics,
    correlations,
  };
}
