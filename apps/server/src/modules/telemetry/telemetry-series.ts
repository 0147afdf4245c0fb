import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables';
import { AppError } from '../../lib/errors';
import { chunks, seriesKey, type SeriesKey } from './telemetry-rows';

/** A series as stored: its id and what it is named by. */
export interface StoredSeries extends SeriesKey {
  id: number;
}

function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The `series` table: which id a (device, metric) pair is stored under. */
export function createSeriesQueries(db: Kysely<Tables>) {
  async function seriesOf(deviceIds: readonly string[]) {
    const rows: Array<{ id: number; device_id: string; metric: string }> = [];
    for (const part of chunks(deviceIds, 500)) {
      rows.push(
        ...(await db
          .selectFrom('series')
          .select(['id', 'device_id', 'metric'])
          .where('device_id', 'in', part)
          .execute()),
      );
    }
    return rows;
  }

  return {
    seriesOf,

    /** Series ids for (device, metric) pairs, creating the missing ones; an unknown device is 'not_found'. */
    async resolveSeries(pairs: SeriesKey[]): Promise<Map<string, number>> {
      const wanted = new Set(pairs.map((p) => seriesKey(p.deviceId, p.metric)));
      const deviceIds = [...new Set(pairs.map((p) => p.deviceId))];
      const found = new Map<string, number>();
      const collect = (rows: Array<{ id: number; device_id: string; metric: string }>) => {
        for (const r of rows) {
          const key = seriesKey(r.device_id, r.metric);
          if (wanted.has(key)) found.set(key, Number(r.id));
        }
      };
      collect(await seriesOf(deviceIds));
      const missing = new Map<string, SeriesKey>();
      for (const p of pairs) {
        const key = seriesKey(p.deviceId, p.metric);
        if (!found.has(key)) missing.set(key, p);
      }
      if (missing.size === 0) return found;
      try {
        for (const part of chunks([...missing.values()], 1_000)) {
          await db
            .insertInto('series')
            .values(part.map((p) => ({ device_id: p.deviceId, metric: p.metric })))
            .onConflict((oc) => oc.columns(['device_id', 'metric']).doNothing())
            .execute();
        }
      } catch (err) {
        if (isForeignKeyViolation(err)) throw new AppError('not_found', 'unknown device');
        throw err;
      }
      collect(await seriesOf([...new Set([...missing.values()].map((p) => p.deviceId))]));
      return found;
    },

    async findSeriesId(deviceId: string, metric: string): Promise<number | undefined> {
      const row = await db
        .selectFrom('series')
        .select('id')
        .where('device_id', '=', deviceId)
        .where('metric', '=', metric)
        .executeTakeFirst();
      return row ? Number(row.id) : undefined;
    },

    /** The series of the given devices and metrics (all when absent), by device then metric. */
    async listSeries(filter: {
      deviceIds?: readonly string[] | undefined;
      metrics?: readonly string[] | undefined;
    }): Promise<StoredSeries[]> {
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
  };
}
