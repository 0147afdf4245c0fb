import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type PredictionRow = Selectable<Tables['predictions']>;

export function createPredictionsRepository(db: Kysely<Tables>) {
  return {
    /** The device's predictions become exactly `rows` (metrics no longer predicted are dropped). */
    async replace(deviceId: string, rows: PredictionRow[]): Promise<void> {
      await db.transaction().execute(async (trx) => {
        let stale = trx.deleteFrom('predictions').where('device_id', '=', deviceId);
        if (rows.length > 0)
          stale = stale.where(
            'metric',
            'not in',
            rows.map((r) => r.metric),
          );
        await stale.execute();
        for (const row of rows) {
          await trx
            .insertInto('predictions')
            .values(row)
            .onConflict((oc) =>
              oc.columns(['device_id', 'metric']).doUpdateSet({
                rul_h: row.rul_h,
                p7d: row.p7d,
                confidence: row.confidence,
                detail: row.detail,
                computed_at: row.computed_at,
              }),
            )
            .execute();
        }
      });
    },

    forDevice(deviceId: string): Promise<PredictionRow[]> {
      return db
        .selectFrom('predictions')
        .selectAll()
        .where('device_id', '=', deviceId)
        .orderBy('metric')
        .execute();
    },
  };
}

export type PredictionsRepository = ReturnType<typeof createPredictionsRepository>;
