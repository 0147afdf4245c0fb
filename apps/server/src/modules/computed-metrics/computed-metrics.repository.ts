import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type ComputedMetricRow = Selectable<Tables['computed_metrics']>;
export type NewComputedMetricRow = Insertable<Tables['computed_metrics']>;

export interface ComputedValue {
  metricId: number;
  ts: number;
  value: number;
}

/** One bucket of a series: its start, and the aggregate of the values in it. */
export interface ComputedBucket {
  bucket: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

/** A metric's values over a period. */
export interface ComputedSummary {
  min: number;
  max: number;
  mean: number;
  count: number;
  last: { ts: number; value: number };
}

const num = (v: unknown) => Number(v);

export function createComputedMetricsRepository(db: Kysely<Tables>) {
  function deleteOf(column: 'asset_id' | 'device_id', subject: string): Promise<number[]> {
    return db.transaction().execute(async (trx) => {
      const ids = (
        await trx.selectFrom('computed_metrics').select('id').where(column, '=', subject).execute()
      ).map((r) => num(r.id));
      if (ids.length === 0) return ids;
      await trx.deleteFrom('computed_readings').where('metric_id', 'in', ids).execute();
      await trx.deleteFrom('computed_metrics').where('id', 'in', ids).execute();
      return ids;
    });
  }

  return {
    /** Every computed metric, by asset then creation (the order an asset's metrics are evaluated in). */
    all(): Promise<ComputedMetricRow[]> {
      return db.selectFrom('computed_metrics').selectAll().orderBy('asset_id').orderBy('id').execute();
    },

    /** The metrics of one asset, in creation order (read fresh: another process may have added one). */
    ofAsset(assetId: string): Promise<ComputedMetricRow[]> {
      return db
        .selectFrom('computed_metrics')
        .selectAll()
        .where('asset_id', '=', assetId)
        .orderBy('id')
        .execute();
    },

    async insert(row: NewComputedMetricRow): Promise<ComputedMetricRow> {
      const created = await db
        .insertInto('computed_metrics')
        .values(row)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { ...created, id: num(created.id) };
    },

    /** Deletes the metric and its series. */
    async delete(id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('computed_readings').where('metric_id', '=', id).execute();
        await trx.deleteFrom('computed_metrics').where('id', '=', id).execute();
      });
    },

    /** Deletes every metric of an asset and their series (the asset is gone). */
    deleteAsset: (assetId: string) => deleteOf('asset_id', assetId),

    /** Deletes every metric of a device and their series (the device is gone). */
    deleteDevice: (deviceId: string) => deleteOf('device_id', deviceId),

    /** Stores values; a value at a time already stored replaces it (the latest evaluation wins). */
    async insertValues(values: readonly ComputedValue[]): Promise<void> {
      if (values.length === 0) return;
      await db
        .insertInto('computed_readings')
        .values(values.map((v) => ({ metric_id: v.metricId, ts: v.ts, value: v.value })))
        .onConflict((oc) =>
          oc.columns(['metric_id', 'ts']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
        )
        .execute();
    },

    /** The newest value of each of the given metrics. */
    async latest(metricIds: readonly number[]): Promise<Map<number, { ts: number; value: number }>> {
      const out = new Map<number, { ts: number; value: number }>();
      for (const id of metricIds) {
        const row = await db
          .selectFrom('computed_readings')
          .select(['ts', 'value'])
          .where('metric_id', '=', id)
          .orderBy('ts', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (row) out.set(id, { ts: num(row.ts), value: num(row.value) });
      }
      return out;
    },

    async count(metricId: number, from: number, to: number): Promise<number> {
      const row = await db
        .selectFrom('computed_readings')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('metric_id', '=', metricId)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .executeTakeFirstOrThrow();
      return num(row.n);
    },

    /** Values in [from, to), oldest first. */
    async raw(
      metricId: number,
      from: number,
      to: number,
      limit: number,
    ): Promise<Array<{ ts: number; value: number }>> {
      const rows = await db
        .selectFrom('computed_readings')
        .select(['ts', 'value'])
        .where('metric_id', '=', metricId)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .orderBy('ts')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ts: num(r.ts), value: num(r.value) }));
    },

    /**
     * Values in [from, to) grouped into buckets of `widthMs` (aligned to the epoch, so to UTC
     * minutes, hours and days), oldest first. Integer division floors on both dialects: `ts` is
     * a positive integer column.
     */
    async buckets(
      metricId: number,
      from: number,
      to: number,
      widthMs: number,
      limit: number,
    ): Promise<ComputedBucket[]> {
      const bucket = sql<number>`(ts / ${sql.lit(widthMs)}) * ${sql.lit(widthMs)}`;
      const rows = await db
        .selectFrom('computed_readings')
        .select((eb) => [
          bucket.as('bucket'),
          eb.fn.min('value').as('min'),
          eb.fn.max('value').as('max'),
          eb.fn.avg('value').as('mean'),
          eb.fn.countAll().as('count'),
        ])
        .where('metric_id', '=', metricId)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .groupBy(bucket)
        .orderBy(bucket)
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        bucket: num(r.bucket),
        min: num(r.min),
        max: num(r.max),
        mean: num(r.mean),
        count: num(r.count),
      }));
    },

    /** Min, mean, max and count of the values in [from, to), and the newest of them; null when none. */
    async summary(metricId: number, from: number, to: number): Promise<ComputedSummary | null> {
      const inRange = db
        .selectFrom('computed_readings')
        .where('metric_id', '=', metricId)
        .where('ts', '>=', from)
        .where('ts', '<', to);
      const agg = await inRange
        .select((eb) => [
          eb.fn.min('value').as('min'),
          eb.fn.max('value').as('max'),
          eb.fn.avg('value').as('mean'),
          eb.fn.countAll().as('count'),
        ])
        .executeTakeFirstOrThrow();
      if (num(agg.count) === 0) return null;
      const last = await inRange
        .select(['ts', 'value'])
        .orderBy('ts', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      return {
        min: num(agg.min),
        max: num(agg.max),
        mean: num(agg.mean),
        count: num(agg.count),
        last: { ts: num(last.ts), value: num(last.value) },
      };
    },

    /** Deletes values older than `before`; returns how many. */
    async deleteOlderThan(before: number): Promise<number> {
      const result = await db.deleteFrom('computed_readings').where('ts', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type ComputedMetricsRepository = ReturnType<typeof createComputedMetricsRepository>;
