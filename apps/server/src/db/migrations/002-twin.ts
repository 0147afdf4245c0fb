import { sql, type Kysely, type Migration } from 'kysely';
import type { Database } from '../database';
import { withIdColumn } from './schema-helpers';

export const migration002 = ({ dialect }: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('device_models')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addColumn('properties', 'text', (c) => c.notNull())
      .addColumn('builtin', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('model_id', 'text', (c) => c.notNull().references('device_models.id'))
      .addColumn('site', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('zone', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('x', 'double precision')
      .addColumn('y', 'double precision')
      .addColumn('manufacturer', 'text')
      .addColumn('model_number', 'text')
      .addColumn('firmware', 'text')
      .addColumn('installed_at', 'text')
      .addColumn('last_maintenance_at', 'text')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('maintenance_mode', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('devices_model').on('devices').column('model_id').execute();

    await db.schema
      .createTable('twins')
      .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
      .addColumn('reported_metrics', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('reported_properties', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('desired', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_seen', 'bigint')
      .addColumn('connectivity', 'text', (c) => c.notNull().defaultTo('offline'))
      .addColumn('condition', 'text', (c) => c.notNull().defaultTo('normal'))
      .execute();

    // One row per (device, metric): readings then carry a small integer instead of two strings.
    await withIdColumn(db.schema.createTable('series'), dialect)
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('metric', 'text', (c) => c.notNull())
      .addUniqueConstraint('series_device_metric', ['device_id', 'metric'])
      .execute();

    // The primary key (series, ts) stores a duplicate reading once; WITHOUT ROWID keeps SQLite rows small.
    let readings = db.schema
      .createTable('readings')
      .addColumn('series_id', 'bigint', (c) => c.notNull())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('readings_pk', ['series_id', 'ts']);
    if (dialect === 'sqlite') readings = readings.modifyEnd(sql`without rowid`);
    await readings.execute();

    for (const table of ['rollups_1m', 'rollups_1h']) {
      let rollup = db.schema
        .createTable(table)
        .addColumn('series_id', 'bigint', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('min', 'double precision', (c) => c.notNull())
        .addColumn('max', 'double precision', (c) => c.notNull())
        .addColumn('sum', 'double precision', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('last', 'double precision', (c) => c.notNull())
        .addColumn('last_ts', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['series_id', 'bucket']);
      if (dialect === 'sqlite') rollup = rollup.modifyEnd(sql`without rowid`);
      await rollup.execute();
    }
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'rollups_1h',
      'rollups_1m',
      'readings',
      'series',
      'twins',
      'devices',
      'device_models',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
});
