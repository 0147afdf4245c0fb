import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';

/** The anomaly detectors' learned baselines, one JSON state per device (see anomaly-baselines.service.ts). */
export const migration006 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('anomaly_baselines')
      .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('readings', 'integer', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('anomaly_baselines').execute();
  },
});
