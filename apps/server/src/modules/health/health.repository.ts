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
    /** The mean score per hour over every device, or over `deviceIds` (an asset's subtree). */
    async hourlyMeans(
      from: number,
      to: number,
      deviceIds?: readonly string[],
    ): Promise<Array<{ hour: number; mean: number }>> {
      const hour = sql<number>`(ts / ${sql.lit(HOUR)}) * ${sql.lit(HOUR)}`;
      const query = () =>
        db
          .selectFrom('health_history')
          .select([
            hour.as('hour'),
            (eb) => eb.fn.sum<number | string>('score').as('total'),
            (eb) => eb.fn.countAll<number | string>().as('n'),
          ])
          .where('ts', '>=', from)
          .where('ts', '<', to)
          .groupBy(hour);
      // A subtree is read in chunks (bounded IN lists); sums and counts add up across them.
      const chunks: Array<readonly string[] | undefined> = [];
      if (!deviceIds) chunks.push(undefined);
      else for (let i = 0; i < deviceIds.length; i += 500) chunks.push(deviceIds.slice(i, i + 500));
      const sums = new Map<number, { total: number; n: number }>();
      for (const chunk of chunks) {
        const rows = await (chunk ? query().where('device_id', 'in', chunk) : query()).execute();
        for (const r of rows) {
          const h = Number(r.hour);
          const acc = sums.get(h) ?? { total: 0, n: 0 };
          acc.total += Number(r.total);
          acc.n += Number(r.n);
          sums.set(h, acc);
        }
      }
      return [...sums].sort((a, b) => a[0] - b[0]).map(([h, { total, n }]) => ({ hour: h, mean: total / n }));
    },

    async deleteHistoryBefore(cutoff: number): Promise<number> {
      const result = await db.deleteFrom('health_history').where('ts', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type HealthRepository = ReturnType<typeof createHealthRepository>;
