import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';
import { withIdColumn } from './schema-helpers';

/**
 * The condition from alerts kept apart from the one shown (which also weighs the latest
 * readings), comments on alerts, and report schedules with the history of their runs.
 */
export const migration013 = ({ dialect }: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('twins')
      .addColumn('alert_condition', 'text', (c) => c.notNull().defaultTo('normal'))
      .execute();

    await withIdColumn(db.schema.createTable('alert_comments'), dialect)
      .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alert_comments_alert').on('alert_comments').column('alert_id').execute();

    await withIdColumn(db.schema.createTable('report_schedules'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.references('devices.id').onDelete('cascade'))
      .addColumn('period_days', 'integer', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('frequency', 'text', (c) => c.notNull())
      .addColumn('time_of_day', 'text', (c) => c.notNull())
      .addColumn('weekday', 'integer')
      .addColumn('day_of_month', 'integer')
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'bigint', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('next_run_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('report_schedules_due')
      .on('report_schedules')
      .column('next_run_at')
      .execute();

    await withIdColumn(db.schema.createTable('report_runs'), dialect)
      .addColumn('schedule_id', 'bigint', (c) =>
        c.notNull().references('report_schedules.id').onDelete('cascade'),
      )
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('report_id', 'text')
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createIndex('report_runs_schedule')
      .on('report_runs')
      .columns(['schedule_id', 'started_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('report_runs').execute();
    await db.schema.dropTable('report_schedules').execute();
    await db.schema.dropTable('alert_comments').execute();
    await db.schema.alterTable('twins').dropColumn('alert_condition').execute();
  },
});
