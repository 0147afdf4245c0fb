import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';

/**
 * A report schedule may narrow its fleet report to an asset and everything below it. The key
 * clears itself when the asset goes: the asset service refuses that while schedules point to it,
 * unless asked to detach them (as it does with devices).
 */
export const migration020 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('report_schedules')
      .addColumn('asset_id', 'text', (c) => c.references('assets.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('report_schedules_asset').on('report_schedules').column('asset_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('report_schedules_asset').execute();
    await db.schema.alterTable('report_schedules').dropColumn('asset_id').execute();
  },
});
