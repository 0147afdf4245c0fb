import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../db/database';
import type { ReadingsTable, RollupsTable } from '../../db/tables';

/**
 * The shapes of stored telemetry, and how a batch of readings becomes a few statements: chunks,
 * rollup aggregates, row sources. Imports nothing else of the module, so every file of it can
 * use these without an import cycle.
 */

/** What a series is named by. */
export interface SeriesKey {
  deviceId: string;
  metric: string;
}

/** A reading once its (device, metric) has been turned into a series id. */
export interface SeriesPoint {
  seriesId: number;
  ts: number;
  value: number;
}

/** A stored raw reading of one series, as history and exports read it. */
export type RawPoint = Omit<ReadingsTable, 'series_id'>;

/**
 * The aggregate of one series' readings in one bucket: a stored rollup row, or an increment to
 * add to one (held in memory, or summed from a batch).
 */
export type Rollup = RollupsTable;

/** A stored rollup bucket of one series, as history and exports read it. */
export type RollupPoint = Omit<Rollup, 'series_id' | 'last_ts'>;

export type RollupTier = '1m' | '1h';
/** What a read takes its points from: the raw readings or a rollup tier. */
export type ReadTier = 'raw' | RollupTier;
/** The points a read of `T` returns. */
export type PointOf<T extends ReadTier> = T extends RollupTier ? RollupPoint : RawPoint;
export const tierWidthMs: Record<RollupTier, number> = { '1m': 60_000, '1h': 3_600_000 };
export const rollupTiers = ['1m', '1h'] as const;
export const rollupTable = { '1m': 'rollups_1m', '1h': 'rollups_1h' } as const;

/** The bucket of `tier` holding `ts`. */
export const bucketOf = (tier: RollupTier, ts: number) =>
  Math.floor(ts / tierWidthMs[tier]) * tierWidthMs[tier];

export type TelemetryTable = 'readings' | 'rollups_1m' | 'rollups_1h';

/** The cache key of a series; NUL cannot appear in a device id or a metric name. */
export const seriesKey = (deviceId: string, metric: string) => `${deviceId}\u0000${metric}`;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A bucket's aggregate holding one reading. */
export const startRollup = (seriesId: number, bucket: number, value: number, ts: number): Rollup => ({
  series_id: seriesId,
  bucket,
  min: value,
  max: value,
  sum: value,
  count: 1,
  last: value,
  last_ts: ts,
});

/** Folds one more reading into a bucket's aggregate; `last` follows the newest timestamp. */
export function foldReading(r: Rollup, value: number, ts: number): void {
  if (value < r.min) r.min = value;
  if (value > r.max) r.max = value;
  r.sum += value;
  r.count += 1;
  if (ts >= r.last_ts) {
    r.last = value;
    r.last_ts = ts;
  }
}

/** Merges `from`, an aggregate of other readings of the same bucket, into `into`. */
export function mergeRollup(into: Rollup, from: Rollup): void {
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  into.sum += from.sum;
  into.count += from.count;
  if (from.last_ts >= into.last_ts) {
    into.last = from.last;
    into.last_ts = from.last_ts;
  }
}

/**
 * Dialect-specific row sources: a whole chunk of rows is one parameter, so the statement text
 * (and so its parse/plan) is the same for every batch. SQLite reads a JSON array of arrays with
 * json_each (doubles round-trip exactly); PostgreSQL unnests one typed array per column.
 */
export function rowSource(
  dialect: Dialect,
  columns: Array<[name: string, type: 'bigint' | 'float8']>,
  rows: number[][],
): RawBuilder<unknown> {
  if (dialect === 'sqlite') {
    const picks = columns.map(([name], i) => sql`value ->> ${sql.raw(String(i))} as ${sql.ref(name)}`);
    return sql`select ${sql.join(picks)} from json_each(${JSON.stringify(rows)}) where true`;
  }
  const arrays = columns.map(([, type], i) => sql`${rows.map((r) => r[i])}::${sql.raw(type)}[]`);
  const names = columns.map(([name]) => sql.ref(name));
  return sql`select * from unnest(${sql.join(arrays)}) as source (${sql.join(names)})`;
}
