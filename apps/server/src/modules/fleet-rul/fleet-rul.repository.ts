import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type FleetModelRow = Selectable<Tables['fleet_models']>;
export type FleetEstimateRow = Selectable<Tables['fleet_rul_estimates']>;

/** Versions kept per device model (the newest is used; older ones are for comparison). */
const KEEP_VERSIONS = 5;

export function createFleetRulRepository(db: Kysely<Tables>) {
  return {
    latest(modelId: string): Promise<FleetModelRow | undefined> {
      return db
        .selectFrom('fleet_models')
        .selectAll()
        .where('model_id', '=', modelId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** The newest version number of a device model's fleet model (without its state: cheap). */
    async latestVersion(modelId: string): Promise<number | null> {
      const row = await db
        .selectFrom('fleet_models')
        .select('version')
        .where('model_id', '=', modelId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? row.version : null;
    },

    /** Which version of each device model is newest (no state: cheap to poll). */
    async versions(): Promise<Map<string, { version: number; failuresSeen: number }>> {
      const rows = await db
        .selectFrom('fleet_models')
        .select(['model_id', 'version', 'failures_seen'])
        .orderBy('version', 'asc')
        .execute();
      return new Map(rows.map((r) => [r.model_id, { version: r.version, failuresSeen: r.failures_seen }]));
    },

    async insert(row: FleetModelRow): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('fleet_models').values(row).execute();
        await trx
          .deleteFrom('fleet_models')
          .where('model_id', '=', row.model_id)
          .where('version', '<=', row.version - KEEP_VERSIONS)
          .execute();
      });
    },

    async saveEstimate(row: FleetEstimateRow): Promise<void> {
      const { device_id: _, ...rest } = row;
      await db
        .insertInto('fleet_rul_estimates')
        .values(row)
        .onConflict((oc) => oc.column('device_id').doUpdateSet(rest))
        .execute();
    },

    async dropEstimate(deviceId: string): Promise<void> {
      await db.deleteFrom('fleet_rul_estimates').where('device_id', '=', deviceId).execute();
    },

    estimate(deviceId: string): Promise<FleetEstimateRow | undefined> {
      return db
        .selectFrom('fleet_rul_estimates')
        .selectAll()
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
    },
  };
}

export type FleetRulRepository = ReturnType<typeof createFleetRulRepository>;
