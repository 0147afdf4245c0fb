import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';
import { withIdColumn } from './schema-helpers';

/**
 * The maintenance log (failures, repairs, maintenance, inspections per device) and the fleet
 * RUL models learnt from it (one JSON model per device model and version).
 */
export const migration011 = (database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await withIdColumn(db.schema.createTable('device_events'), database.dialect)
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('failure_mode', 'text')
      .addColumn('notes', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('device_events_device_ts')
      .on('device_events')
      .columns(['device_id', 'ts'])
      .execute();
    await db.schema
      .createTable('fleet_models')
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('histories', 'integer', (c) => c.notNull())
      .addColumn('failures_seen', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('trained_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('fleet_models_pk', ['model_id', 'version'])
      .execute();
    await db.schema
      .createTable('fleet_rul_estimates')
      .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
      .addColumn('model_version', 'integer', (c) => c.notNull())
      .addColumn('rul_h', 'double precision', (c) => c.notNull())
      .addColumn('low_h', 'double precision', (c) => c.notNull())
      .addColumn('high_h', 'double precision', (c) => c.notNull())
      .addColumn('since', 'bigint', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('fleet_rul_estimates').execute();
    await db.schema.dropTable('fleet_models').execute();
    await db.schema.dropTable('device_events').execute();
  },
});
