import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database';
import type { Tables } from '../../db/tables';

export type TwinRow = Selectable<Tables['twins']>;

export function createTwinRepository(db: Executor) {
  return {
    /** A new device's twin: nothing reported or desired yet, offline until its first reading. */
    async create(deviceId: string, condition: 'normal' | 'maintenance'): Promise<void> {
      await db
        .insertInto('twins')
        .values({
          device_id: deviceId,
          reported_metrics: '{}',
          reported_properties: '{}',
          desired: '{}',
          version: 0,
          last_seen: null,
          connectivity: 'offline',
          condition,
        })
        .execute();
    },

    get(deviceId: string): Promise<TwinRow | undefined> {
      return db.selectFrom('twins').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
    },

    all(): Promise<Array<TwinRow & { model_id: string }>> {
      return db
        .selectFrom('twins')
        .innerJoin('devices', 'devices.id', 'twins.device_id')
        .selectAll('twins')
        .select('devices.model_id')
        .execute();
    },

    /**
     * Folds the latest values seen by this process into the stored ones in one transaction;
     * `merge` keeps the newer value per metric, so ingest processes sharing a stream agree.
     */
    async saveReported(
      updates: Array<{
        deviceId: string;
        lastSeen: number;
        merge: (storedMetricsJson: string) => string;
        connectivity: string;
      }>,
    ): Promise<
      Array<{
        deviceId: string;
        metrics: string;
        condition: string;
        alert_condition: string;
        model_id: string;
      }>
    > {
      return db.transaction().execute(async (trx) => {
        const saved = [];
        for (const u of updates) {
          const row = await trx
            .selectFrom('twins')
            .innerJoin('devices', 'devices.id', 'twins.device_id')
            .select([
              'twins.reported_metrics',
              'twins.last_seen',
              'twins.condition',
              'twins.alert_condition',
              'devices.model_id',
            ])
            .where('twins.device_id', '=', u.deviceId)
            .executeTakeFirst();
          if (!row) continue; // deleted meanwhile
          const metrics = u.merge(row.reported_metrics);
          await trx
            .updateTable('twins')
            .set({
              reported_metrics: metrics,
              last_seen: Math.max(u.lastSeen, row.last_seen ?? 0),
              connectivity: u.connectivity,
            })
            .where('device_id', '=', u.deviceId)
            .execute();
          saved.push({
            deviceId: u.deviceId,
            metrics,
            condition: row.condition,
            alert_condition: row.alert_condition,
            model_id: row.model_id,
          });
        }
        return saved;
      });
    },

    async setReportedProperties(deviceId: string, json: string): Promise<void> {
      await db
        .updateTable('twins')
        .set({ reported_properties: json })
        .where('device_id', '=', deviceId)
        .execute();
    },

    /** Optimistic concurrency: succeeds only if nobody changed the desired state since `expectedVersion`. */
    async setDesired(deviceId: string, json: string, expectedVersion: number): Promise<boolean> {
      const result = await db
        .updateTable('twins')
        .set({ desired: json, version: expectedVersion + 1 })
        .where('device_id', '=', deviceId)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async setConnectivity(deviceId: string, connectivity: string): Promise<void> {
      await db.updateTable('twins').set({ connectivity }).where('device_id', '=', deviceId).execute();
    },

    async setCondition(deviceId: string, condition: string, alertCondition?: string): Promise<void> {
      await db
        .updateTable('twins')
        .set({ condition, ...(alertCondition !== undefined ? { alert_condition: alertCondition } : {}) })
        .where('device_id', '=', deviceId)
        .execute();
    },
  };
}

export type TwinRepository = ReturnType<typeof createTwinRepository>;
