import type { HealthTrend } from '@dtwin/contracts/health';
import { median } from '../../analytics/robust-stats';
import { theilSen } from '../../analytics/theil-sen';

const HOUR = 3_600_000;
/** A score moving this many points per hour is a trend… */
const TREND_POINTS_PER_H = 5;
/** …provided it has actually moved this much between the start and the end of the window. */
const MIN_CHANGE = 3;
const MIN_SPAN_MS = 10 * 60_000;

/**
 * improving / stable / degrading from the stored scores (one per minute) of the trend window:
 * the Theil–Sen slope must exceed ±5 points per hour and the median of the last few scores must
 * differ from the median of the first few by at least 3 points in the same direction, over at
 * least ten minutes and five points; otherwise stable. (Health scores are smooth by construction,
 * so a significance test on their slope would call every clear decline noise.)
 */
export function healthTrend(points: ReadonlyArray<{ ts: number; score: number }>): {
  trend: HealthTrend;
  pointsPerH: number | null;
} {
  if (points.length < 5) return { trend: 'stable', pointsPerH: null };
  const first = points[0]?.ts ?? 0;
  const last = points.at(-1)?.ts ?? 0;
  if (last - first < MIN_SPAN_MS) return { trend: 'stable', pointsPerH: null };
  const fit = theilSen(
    points.map((p) => (p.ts - first) / HOUR),
    points.map((p) => p.score),
  );
  if (!fit) return { trend: 'stable', pointsPerH: null };
  const k = Math.min(5, Math.floor(points.length / 3));
  const change =
    median(points.slice(-k).map((p) => p.score)) - median(points.slice(0, k).map((p) => p.score));
  const slope = Math.round(fit.slope * 100) / 100;
  if (fit.slope <= -TREND_POINTS_PER_H && change <= -MIN_CHANGE)
    return { trend: 'degrading', pointsPerH: slope };
  if (fit.slope >= TREND_POINTS_PER_H && change >= MIN_CHANGE)
    return { trend: 'improving', pointsPerH: slope };
  return { trend: 'stable', pointsPerH: slope };
}
