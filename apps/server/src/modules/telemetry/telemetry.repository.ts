import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { DAY_MS, dropDayPartitionsBefore, ensureDayPartitions } from '../../db/reading-partitions';
import type { Tables } from '../../db/tables';
import { createRollupBuffer, type RollupIncrements } from './rollup-buffer';
import { rebuildPendingRollups } from './rollup-repair';
import { createSeriesQueries } from './telemetry-series';
import { createTelemetrySweeps } from './telemetry-sweeps';
import {
  bucketOf,
  chunks,
  rollupTable,
  rowSource,
  tierWidthMs,
  type RawPoint,
  type ReadTier,
  type Rollup,
  type RollupPoint,
  type RollupTier,
  type SeriesPoint,
  type TelemetryTable,
} from './telemetry-rows';

/**
 * Rows per statement. Rows travel as one JSON text (SQLite) or one array per column
 * (PostgreSQL), so statements use 1 to 8 bind parameters whatever their size and stay far from
 * either engine's limit; the cap only keeps single statements and their buffers moderate.
 */
const ROWS_PER_STATEMENT = 10_000;

export function createTelemetryRepository({ db, dialect }: Pick<Database, 'db' | 'dialect'>) {
  const least = dialect === 'sqlite' ? 'min' : 'least';
  const greatest = dialect === 'sqlite' ? 'max' : 'greatest';
  const { deleteSeriesRows, sweep } = createTelemetrySweeps(db);
  const series = createSeriesQueries(db);

  const readingsSource = (part: SeriesPoint[]) =>
    rowSource(
      dialect,
      [
        ['series_id', 'bigint'],
        ['ts', 'bigint'],
        ['value', 'float8'],
      ],
      part.map((p) => [p.seriesId, p.ts, p.value]),
    );

  /** Inserts rows none of which should exist yet; commits and returns true only if none did. */
  async function insertAll(unique: SeriesPoint[], deferFrom: number): Promise<boolean> {
    const conflict = new Error('a reading was already stored');
    try {
      await db.transaction().execute(async (trx) => {
        for (const part of chunks(unique, ROWS_PER_STATEMENT)) {
          const result = await sql`
            insert into readings (series_id, ts, value) ${readingsSource(part)}
            on conflict (series_id, ts) do nothing
          `.execute(trx);
          if (Number(result.numAffectedRows ?? 0) !== part.length) throw conflict;
        }
        await rollupOrMark(trx, unique, deferFrom);
      });
      return true;
    } catch (err) {
      if (err === conflict) return false;
      throw err;
    }
  }

  async function upsertRollups(executor: Kysely<Tables>, inserted: SeriesPoint[]) {
    const buffer = createRollupBuffer();
    buffer.add(inserted);
    await writeIncrements(executor, buffer.take());
  }

  async function writeIncrements(executor: Kysely<Tables>, increments: RollupIncrements) {
    await upsertTier(executor, '1m', increments['1m']);
    await upsertTier(executor, '1h', increments['1h']);
  }

  /**
   * Readings from `deferFrom` on get their rollups later (the caller buffers them): their minutes
   * are marked pending in the same transaction, so a crash before the rollups are written is
   * repaired from the raw readings at the next start. Older readings get theirs now.
   */
  async function rollupOrMark(executor: Kysely<Tables>, inserted: SeriesPoint[], deferFrom: number) {
    const now: SeriesPoint[] = [];
    const minutes = new Set<number>();
    const width = tierWidthMs['1m'];
    for (const p of inserted) {
      if (p.ts < deferFrom) now.push(p);
      else minutes.add(Math.floor(p.ts / width) * width);
    }
    if (now.length > 0) await upsertRollups(executor, now);
    if (minutes.size === 0) return;
    await executor
      .insertInto('rollup_pending')
      .values([...minutes].map((bucket) => ({ bucket })))
      .onConflict((oc) => oc.column('bucket').doNothing())
      .execute();
  }

  /** Adds increments to the stored rollups, skipping series deleted meanwhile. */
  async function upsertTier(executor: Kysely<Tables>, tier: RollupTier, rollups: Rollup[]) {
    const table = rollupTable[tier];
    const col = (name: string) => sql.ref(`${table}.${name}`);
    for (const part of chunks(rollups, ROWS_PER_STATEMENT)) {
      const rows = part.map((r) => [r.series_id, r.bucket, r.min, r.max, r.sum, r.count, r.last, r.last_ts]);
      const source = rowSource(
        dialect,
        [
          ['series_id', 'bigint'],
          ['bucket', 'bigint'],
          ['min', 'float8'],
          ['max', 'float8'],
          ['sum', 'float8'],
          ['count', 'bigint'],
          ['last', 'float8'],
          ['last_ts', 'bigint'],
        ],
        rows,
      );
      // `last` follows the newest timestamp, so a late reading never overwrites a newer one.
      await sql`
        insert into ${sql.table(table)} (series_id, bucket, min, max, sum, count, last, last_ts)
        select * from (${source}) as r where exists (select 1 from series where series.id = r.series_id)
        on conflict (series_id, bucket) do update set
          min = ${sql.raw(least)}(${col('min')}, excluded.min),
          max = ${sql.raw(greatest)}(${col('max')}, excluded.max),
          sum = ${col('sum')} + excluded.sum,
          count = ${col('count')} + excluded.count,
          last = case when excluded.last_ts >= ${col('last_ts')} then excluded.last else ${col('last')} end,
          last_ts = ${sql.raw(greatest)}(${col('last_ts')}, excluded.last_ts)
      `.execute(executor);
    }
  }

  return {
    resolveSeries: series.resolveSeries,
    findSeriesId: series.findSeriesId,
    listSeries: series.listSeries,

    /**
     * Stores a batch in one transaction. Returns, per input row, whether it was newly stored:
     * a (series, ts) already in the database, or earlier in the same batch, is a duplicate and
     * is neither stored again nor counted in the rollups. The rollups of new readings from
     * `deferFrom` on are left to the caller (see `writeRollups`), the others are written now.
     */
    async writeBatch(points: SeriesPoint[], deferFrom = Number.POSITIVE_INFINITY): Promise<boolean[]> {
      const stored = new Array<boolean>(points.length).fill(false);
      const firstIndex = new Map<string, number>();
      const unique: SeriesPoint[] = [];
      points.forEach((p, i) => {
        const key = `${p.seriesId}:${p.ts}`;
        if (firstIndex.has(key)) return;
        firstIndex.set(key, i);
        unique.push(p);
      });
      if (unique.length === 0) return stored;

      // Usually nothing is a duplicate: insert without RETURNING (about a third faster on
      // SQLite) and only if the row count says otherwise, roll back and find out which.
      if (await insertAll(unique, deferFrom)) {
        for (const i of firstIndex.values()) stored[i] = true;
        return stored;
      }
      await db.transaction().execute(async (trx) => {
        const inserted: SeriesPoint[] = [];
        for (const part of chunks(unique, ROWS_PER_STATEMENT)) {
          const result = await sql<{ series_id: number; ts: number }>`
            insert into readings (series_id, ts, value) ${readingsSource(part)}
            on conflict (series_id, ts) do nothing
            returning series_id, ts
          `.execute(trx);
          for (const row of result.rows) {
            const index = firstIndex.get(`${row.series_id}:${row.ts}`);
            const point = index === undefined ? undefined : points[index];
            if (index === undefined || !point) continue;
            stored[index] = true;
            inserted.push(point);
          }
        }
        await rollupOrMark(trx, inserted, deferFrom);
      });
      return stored;
    },

    /**
     * Adds rollup increments of readings stored earlier with their rollups deferred. With
     * `complete`, they are all the deferred increments there are, so the pending marks go too.
     */
    async writeRollups(increments: RollupIncrements, { complete }: { complete: boolean }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await writeIncrements(trx, increments);
        if (complete) await trx.deleteFrom('rollup_pending').execute();
      });
    },

    /** After a crash, rebuilds the rollups held in memory from the raw readings (see rollup-repair.ts). */
    rebuildPendingRollups: () => rebuildPendingRollups(db),

    /**
     * Stores readings inside the caller's transaction (a bulk import that must commit all or
     * nothing), rollups included; readings already stored are skipped. Returns how many were new.
     */
    async writeWithin(trx: Kysely<Tables>, points: SeriesPoint[]): Promise<number> {
      const inserted: SeriesPoint[] = [];
      for (const part of chunks(points, ROWS_PER_STATEMENT)) {
        const byKey = new Map(part.map((p) => [`${p.seriesId}:${p.ts}`, p]));
        const result = await sql<{ series_id: number; ts: number }>`
          insert into readings (series_id, ts, value) ${readingsSource([...byKey.values()])}
          on conflict (series_id, ts) do nothing
          returning series_id, ts
        `.execute(trx);
        for (const row of result.rows) {
          const point = byKey.get(`${row.series_id}:${row.ts}`);
          if (point) inserted.push(point);
        }
      }
      await upsertRollups(trx, inserted);
      return inserted.length;
    },

    /** Raw readings in [from, to), oldest first. */
    async rawPoints(seriesId: number, from: number, to: number, limit: number): Promise<RawPoint[]> {
      return db
        .selectFrom('readings')
        .select(['ts', 'value'])
        .where('series_id', '=', seriesId)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .orderBy('ts')
        .limit(limit)
        .execute();
    },

    /** Rollup buckets that overlap [from, to), oldest first. */
    async rollupPoints(
      tier: RollupTier,
      seriesId: number,
      from: number,
      to: number,
      limit: number,
    ): Promise<RollupPoint[]> {
      const rows = await db
        .selectFrom(rollupTable[tier])
        .select(['bucket', 'min', 'max', 'sum', 'count', 'last'])
        .where('series_id', '=', seriesId)
        .where('bucket', '>=', bucketOf(tier, from))
        .where('bucket', '<', to)
        .orderBy('bucket')
        .limit(limit)
        .execute();
      return rows.map((r): RollupPoint => ({ ...r, count: Number(r.count) }));
    },

    /** How many raw readings [from, to) holds, read from the 1-minute counts (an upper bound at the edges). */
    async countRaw(seriesId: number, from: number, to: number): Promise<number> {
      const row = await db
        .selectFrom('rollups_1m')
        .select((eb) => eb.fn.sum<number | string | null>('count').as('n'))
        .where('series_id', '=', seriesId)
        .where('bucket', '>=', bucketOf('1m', from))
        .where('bucket', '<', to)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** How many points of these series a tier holds in [from, to) (rollups: buckets overlapping it). */
    async countPoints(
      tier: ReadTier,
      seriesIds: readonly number[],
      from: number,
      to: number,
    ): Promise<number> {
      let total = 0;
      for (const part of chunks(seriesIds, 500)) {
        const row =
          tier === 'raw'
            ? await db
                .selectFrom('readings')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('series_id', 'in', part)
                .where('ts', '>=', from)
                .where('ts', '<', to)
                .executeTakeFirst()
            : await db
                .selectFrom(rollupTable[tier])
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('series_id', 'in', part)
                .where('bucket', '>=', bucketOf(tier, from))
                .where('bucket', '<', to)
                .executeTakeFirst();
        total += Number(row?.n ?? 0);
      }
      return total;
    },

    /**
     * Deletes rows older than `cutoff` (rollups by bucket start) series by series in chunks, and
     * every row of a series that no longer exists.
     */
    /**
     * After retention has deleted rows: SQLite truncates its write-ahead log and refreshes the
     * planner's statistics; PostgreSQL vacuums the telemetry tables so the space is reused.
     */
    async compact(): Promise<void> {
      if (dialect === 'sqlite') {
        await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
        await sql`pragma optimize`.execute(db);
        return;
      }
      await sql`vacuum (analyze) readings, rollups_1m, rollups_1h`.execute(db);
    },

    /**
     * After a write failed for want of space: SQLite copies its write-ahead log into the database
     * and cuts the log file to nothing, which gives back what the log held. PostgreSQL manages
     * its own log; nothing to do.
     */
    async truncateLog(): Promise<void> {
      if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    },

    deleteOlderThan: (table: TelemetryTable, cutoff: number) =>
      sweep(table, (live) => (live ? cutoff : Number.MAX_SAFE_INTEGER)),

    /**
     * PostgreSQL: makes the raw readings' day partitions from yesterday to `daysAhead` days after
     * `now`, and drops those wholly before `cutoff`; returns how many were dropped. The rows left
     * past the cutoff (its own day, the default partition) are for `deleteOlderThan`. SQLite: 0.
     */
    async maintainDayPartitions(now: number, daysAhead: number, cutoff: number): Promise<number> {
      if (dialect !== 'postgres') return 0;
      await ensureDayPartitions(db, now - DAY_MS, now + daysAhead * DAY_MS);
      return dropDayPartitionsBefore(db, cutoff);
    },

    /**
     * Deletes the data of series that no longer exist: deleting a device cascades to its series,
     * but the data tables carry no foreign key (it would cost every insert a lookup).
     */
    async deleteOrphans(): Promise<number> {
      let deleted = 0;
      for (const table of ['readings', 'rollups_1m', 'rollups_1h'] as const) {
        deleted += await sweep(table, (live) => (live ? null : Number.MAX_SAFE_INTEGER));
      }
      return deleted;
    },

    /** Removes a device's series and all their data (call before or instead of relying on the cascade). */
    async deleteDeviceData(deviceId: string): Promise<number> {
      const ids = (await series.seriesOf([deviceId])).map((r) => Number(r.id));
      let deleted = 0;
      for (const id of ids) {
        for (const table of ['readings', 'rollups_1m', 'rollups_1h'] as const) {
          deleted += await deleteSeriesRows(table, id, Number.MAX_SAFE_INTEGER);
        }
      }
      await db.deleteFrom('series').where('device_id', '=', deviceId).execute();
      return deleted;
    },
  };
}

export type TelemetryRepository = ReturnType<typeof createTelemetryRepository>;
