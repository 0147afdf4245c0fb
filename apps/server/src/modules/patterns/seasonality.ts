import type { Point } from '../../analytics/robust-stats';
import { theilSen } from '../../analytics/theil-sen';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Share of the variance explained by a grouping (hour of day, day of week), as an adjusted R²:
 * 1 − (SS_within / (n − g)) / (SS_total / (n − 1)), floored at 0. The adjustment matters: 24 hour
 * groups "explain" half the variance of 48 points of pure noise.
 */
export function groupStrength(
  values: readonly number[],
  groups: readonly number[],
  groupCount: number,
): number | null {
  const n = values.length;
  if (n <= groupCount + 1) return null;
  const sum = new Float64Array(groupCount);
  const count = new Uint32Array(groupCount);
  let total = 0;
  values.forEach((v, i) => {
    const g = groups[i] ?? 0;
    sum[g] = (sum[g] ?? 0) + v;
    count[g] = (count[g] ?? 0) + 1;
    total += v;
  });
  const mean = total / n;
  let ssTotal = 0;
  let ssWithin = 0;
  const used = count.filter((c) => c > 0).length;
  values.forEach((v, i) => {
    const g = groups[i] ?? 0;
    ssTotal += (v - mean) ** 2;
    ssWithin += (v - (sum[g] ?? 0) / (count[g] || 1)) ** 2;
  });
  if (!(ssTotal > 0)) return 0;
  return Math.max(0, Math.min(1, 1 - ssWithin / (n - used) / (ssTotal / (n - 1))));
}

/** Removes a Theil–Sen line, so a trend is not mistaken for a season. */
export function detrend(points: readonly Point[]): Point[] {
  const fit = theilSen(
    points.map((p) => p.t / DAY),
    points.map((p) => p.y),
  );
  if (!fit) return [...points];
  return points.map((p) => ({ t: p.t, y: p.y - fit.intercept - fit.slope * (p.t / DAY) }));
}

export interface Seasonality {
  daily: number | null;
  weekly: number | null;
  profile: number[] | null;
  peakHour: number | null;
  troughHour: number | null;
}

/**
 * Daily seasonality from hourly means (needs two days): hour-of-day (UTC) strength and profile.
 * Weekly from daily means of days with at least 12 hours of data (needs two weeks).
 */
export function seasonality(hourly: readonly Point[]): Seasonality {
  const none: Seasonality = { daily: null, weekly: null, profile: null, peakHour: null, troughHour: null };
  if (hourly.length < 48 || (hourly.at(-1)?.t ?? 0) - (hourly[0]?.t ?? 0) < 2 * DAY - 2 * HOUR) return none;
  const flat = detrend(hourly);
  const hourOf = (t: number) => Math.floor((((t % DAY) + DAY) % DAY) / HOUR);
  const daily = groupStrength(
    flat.map((p) => p.y),
    flat.map((p) => hourOf(p.t)),
    24,
  );
  const sums = new Array<number>(24).fill(0);
  const counts = new Array<number>(24).fill(0);
  for (const p of flat) {
    const h = hourOf(p.t);
    sums[h] = (sums[h] ?? 0) + p.y;
    counts[h] = (counts[h] ?? 0) + 1;
  }
  const profile = sums.map((s, h) => ((counts[h] ?? 0) > 0 ? s / (counts[h] ?? 1) : NaN));
  const present = profile.map((v, h) => ({ v, h })).filter((x) => Number.isFinite(x.v));
  const peak = present.reduce((a, b) => (b.v > a.v ? b : a), present[0] ?? { v: 0, h: 0 });
  const trough = present.reduce((a, b) => (b.v < a.v ? b : a), present[0] ?? { v: 0, h: 0 });

  let weekly: number | null = null;
  const days = new Map<number, { sum: number; n: number }>();
  for (const p of hourly) {
    const d = Math.floor(p.t / DAY);
    const e = days.get(d) ?? { sum: 0, n: 0 };
    e.sum += p.y;
    e.n += 1;
    days.set(d, e);
  }
  const dailyMeans = [...days.entries()]
    .filter(([, e]) => e.n >= 12)
    .map(([d, e]) => ({ t: d * DAY, y: e.sum / e.n }));
  if (dailyMeans.length >= 14) {
    const flatDays = detrend(dailyMeans);
    weekly = groupStrength(
      flatDays.map((p) => p.y),
      flatDays.map((p) => (Math.floor(p.t / DAY) + 4) % 7), // 1970-01-01 was a Thursday: 0 = Sunday
      7,
    );
  }
  return { daily, weekly, profile, peakHour: peak.h, troughHour: trough.h };
}

/** The series minus its hour-of-day profile (where the profile is known). */
export function deseasonalize(hourly: readonly Point[], profile: readonly number[]): Point[] {
  return hourly.map((p) => {
    const h = Math.floor((((p.t % DAY) + DAY) % DAY) / HOUR);
    const s = profile[h];
    return { t: p.t, y: s !== undefined && Number.isFinite(s) ? p.y - s : p.y };
  });
}
