import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables';

export type ExportTier = 'raw' | '1m' | '1h';

export interface ExportSeries {
  id: number;
  deviceId: string;
  metric: string;
}

export interface RawRow {
  ts: number;
  value: number;
}

export interface RollupRow {
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
}

const rollupTable = { '1m': 'rollups_1m', '1h': 'rollups_1h' } as const;
export const tierWidthMs = { '1m': 60_000, '1h': 3_600_000 } as const;

/** The first bucket of a rollup range: the one holding `from`. */
export const firstBucket = (tier: '1m' | '1h', from: number) =>
  Math.floor(from / tierWidthMs[tier]) * tierWidthMs[tier];

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Read-only pages over the telemetry tables for exports: one series at a time, keyset-paginated
 * on the primary key (series, time), so every page is an index range scan however large the
 * export and nothing holds a cursor open between pages.
 */
export function createExportRepository(db: Kysely<Tables>) {
  return {
    /** The series of the given devices and metrics (all when absent), by device then metric. */
    async series(filter: {
      deviceIds?: string[] | undefined;
      metrics?: string[] | undefined;
    }): Promise<ExportSeries[]> {
      const rows: Array<{ id: number; device_id: string; metric: string }> = [];
      const groups = filter.deviceIds ? chunks(filter.deviceIds, 500) : [undefined];
      for (const devices of groups) {
        let query = db.selectFrom('series').select(['id', 'device_id', 'metric']);
        if (devices) query = query.where('device_id', 'in', devices);
        if (filter.metrics) query = query.where('metric', 'in', filter.metrics);
        rows.push(...(await query.execute()));
      }
      return rows
        .map((r) => ({ id: Number(r.id), deviceId: r.device_id, metric: r.metric }))
        .sort((a, b) =>
          a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.metric < b.metric ? -1 : 1,
        );
    },

    /** How many rows the export will hold. */
    async count(tier: ExportTier, seriesIds: number[], from: number, to: number): Promise<number> {
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
                .where('bucket', '>=', firstBucket(tier, from))
                .where('bucket', '<', to)
                .executeTakeFirst();
        total += Number(row?.n ?? 0);
      }
      return total;
    },

    /** Raw readings of one series with `start <= ts < to`, oldest first. */
    rawPage(seriesId: number, start: number, to: number, limit: number): Promise<RawRow[]> {
      return db
        .selectFrom('readings')
        .select(['ts', 'value'])
        .where('series_id', '=', seriesId)
        .where('ts', '>=', start)
        .where('ts', '<', to)
        .orderBy('ts')
        .limit(limit)
        .execute();
    },

    /** Rollup buckets of one series starting at `start` or later and before `to`, oldest first. */
    async rollupPage(
      tier: '1m' | '1h',
      seriesId: number,
      start: number,
      to: number,
      limit: number,
    ): Promise<RollupRow[]> {
      const rows = await db
        .selectFrom(rollupTable[tier])
        .select(['bucket', 'min', 'max', 'sum', 'count', 'last'])
        .where('series_id', '=', seriesId)
        .where('bucket', '>=', start)
        .where('bucket', '<', to)
        .orderBy('bucket')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, bucket: Number(r.bucket), count: Number(r.count) }));
    },
  };
}

export type ExportRepository = ReturnType<typeof createExportRepository>;
