import {
  tierWidthMs,
  type PointOf,
  type RawPoint,
  type ReadTier,
  type RollupPoint,
  type RollupTier,
  type SeriesKey,
} from './telemetry-rows';
import type { TelemetryRepository } from './telemetry.repository';

/** The stored points of a set of devices' series over [from, to), from one tier. */
export interface RangeQuery<T extends ReadTier> {
  tier: T;
  /** All devices when absent. */
  deviceIds?: readonly string[] | undefined;
  /** All metrics when absent. */
  metrics?: readonly string[] | undefined;
  from: number;
  to: number;
  /** Points read per query, and so per page at most. */
  pageSize: number;
}

/** Consecutive points of one series, oldest first. */
export interface RangePage<T extends ReadTier> extends SeriesKey {
  points: Array<PointOf<T>>;
}

export interface TelemetryRange<T extends ReadTier> {
  /** Points the range holds (rollups: buckets overlapping it), counted up front. */
  total: number;
  /**
   * The points series by series (by device, then metric), a page at a time: each page is read
   * only when the previous one has been taken, so memory stays flat however large the range.
   */
  pages(): AsyncGenerator<RangePage<T>>;
}

/**
 * Reads a range for exports: keyset pages per series on the primary key (series, time), so
 * every page is an index range scan and nothing holds a cursor open between pages.
 */
export async function readRange<T extends ReadTier>(
  repository: Pick<TelemetryRepository, 'listSeries' | 'countPoints' | 'rawPoints' | 'rollupPoints'>,
  settle: (seriesIds: readonly number[]) => Promise<void>,
  { tier, deviceIds, metrics, from, to, pageSize }: RangeQuery<T>,
): Promise<TelemetryRange<T>> {
  // A generic parameter does not narrow, so the rollup tier (if any) is named once here.
  const rollups: RollupTier | undefined = tier === 'raw' ? undefined : (tier as RollupTier);
  const series = await repository.listSeries({ deviceIds, metrics });
  const ids = series.map((s) => s.id);
  if (rollups) await settle(ids);
  const total = await repository.countPoints(tier, ids, from, to);

  // The first page starts at `from` (rollups: at the bucket holding it), the next after the last point.
  const read = (seriesId: number, start: number): Promise<Array<RawPoint | RollupPoint>> =>
    rollups
      ? repository.rollupPoints(rollups, seriesId, start, to, pageSize)
      : repository.rawPoints(seriesId, start, to, pageSize);
  const after = (p: RawPoint | RollupPoint): number =>
    rollups ? (p as RollupPoint).bucket + tierWidthMs[rollups] : (p as RawPoint).ts + 1;

  async function* pages(): AsyncGenerator<RangePage<T>> {
    for (const s of series) {
      let cursor = from;
      for (;;) {
        const points = await read(s.id, cursor);
        const last = points.at(-1);
        if (!last) break;
        yield { deviceId: s.deviceId, metric: s.metric, points: points as Array<PointOf<T>> };
        if (points.length < pageSize) break;
        cursor = after(last);
      }
    }
  }

  return { total, pages };
}
