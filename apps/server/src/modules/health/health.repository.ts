import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type HealthCurrentRow = Selectable<Tables['health_current']>;
const HOUR = 3_600_000;

export function createHealthRepository(db: Kysely<Tables>) {
  return {
    /** The latest score, and the point of the minute it falls in (the last write of a minute wins). */
    async save(current: HealthCurrentRow, point: { ts: number; components: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('health_current')
          .values(current)
          .onConflict((oc) =>
            oc.column('device_id').doUpdateSet({
              score: current.score,
              status: current.status,
              trend: current.trend,
              detail: current.detail,
              computed_at: current.computed_at,
            }),
          )
          .execute();
        await trx
          .insertInto('health_history')
          .values({
            device_id: current.device_id,
            ts: point.ts,
            score: current.score,
            status: current.status,
            components: point.components,
          })
          .onConflict((oc) =>
            oc
              .columns(['device_id', 'ts'])
              .doUpdateSet({ score: current.score, status: current.status, components: point.components }),
          )
          .execute();
      });
    },

    current(deviceId: string): Promise<HealthCurrentRow | undefined> {
      return db.selectFrom('health_current').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
    },

    /** Every device's latest score, for the fleet view. */
    allCurrent(): Promise<Array<{ device_id: string; score: number; status: string; computed_at: number }>> {
      return db
        .selectFrom('health_current')
        .select(['device_id', 'score', 'status', 'computed_at'])
        .execute();
    },

    history(deviceId: string, from: number, to: number, limit: number) {
      return db
        .selectFrom('health_history')
        .select(['ts', 'score', 'status', 'components'])
        .where('device_id', '=', deviceId)
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .orderBy('ts')
        .limit(limit)
        .execute();
    },

    /** Mean of every stored point per hour over [from, to): the fleet's health over time. */
    async hourlyMeans(from: number, to: number): Promise<Array<{ hour: number; mean: number }>> {
      const hour = sql<number>`(ts / ${sql.lit(HOUR)}) * ${sql.lit(HOUR)}`;
      const rows = await db
        .selectFrom('health_history')
        .select([hour.as('hour'), (eb) => eb.fn.avg<number | string>('score').as('mean')])
        .where('ts', '>=', from)
        .where('ts', '<', to)
        .groupBy(hour)
        .orderBy(hour)
        .execute();
      return rows.map((r) => ({ hour: Number(r.hour), mean: Number(r.mean) }));
    },

    async deleteHistoryBefore(cutoff: number): Promise<number> {
      const result = await db.deleteFrom('health_history').where('ts', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type HealthRepository = ReturnType<typeof createHealthRepository>;
