import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type AnomalyBaselineRow = Selectable<Tables['anomaly_baselines']>;

export function createAnomalyBaselineRepository(db: Kysely<Tables>) {
  return {
    async get(deviceId: string): Promise<AnomalyBaselineRow | undefined> {
      return db
        .selectFrom('anomaly_baselines')
        .selectAll()
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
    },

    async put(row: AnomalyBaselineRow): Promise<void> {
      await db
        .insertInto('anomaly_baselines')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('device_id')
            .doUpdateSet({ state: row.state, readings: row.readings, computed_at: row.computed_at }),
        )
        .execute();
    },
  };
}

export type AnomalyBaselineRepository = ReturnType<typeof createAnomalyBaselineRepository>;
