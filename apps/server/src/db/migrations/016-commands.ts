import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';

/**
 * Commands to devices (persisted, so one to an offline device waits for it across restarts) and
 * the commands each device model accepts (JSON, like its metrics and properties).
 */
export const migration016 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('device_models')
      .addColumn('commands', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .createTable('device_commands')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('timeout_s', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addColumn('deadline_at', 'bigint')
      .addColumn('completed_at', 'bigint')
      .addColumn('result', 'text')
      .addColumn('message', 'text')
      .execute();
    await db.schema
      .createIndex('device_commands_device_created')
      .on('device_commands')
      .columns(['device_id', 'created_at'])
      .execute();
    await db.schema.createIndex('device_commands_status').on('device_commands').columns(['status']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('device_commands').execute();
    await db.schema.alterTable('device_models').dropColumn('commands').execute();
  },
});
