import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';
import { withIdColumn } from './schema-helpers';

/** Alert rules, alerts, notification channels and the log of delivery attempts. */
export const migration003 = ({ dialect }: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await withIdColumn(db.schema.createTable('alert_rules'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('scope_device_id', 'text')
      .addColumn('scope_model', 'text')
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('operator', 'text', (c) => c.notNull())
      .addColumn('threshold', 'double precision', (c) => c.notNull())
      .addColumn('threshold_high', 'double precision')
      .addColumn('duration_s', 'integer', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('hysteresis', 'double precision', (c) => c.notNull())
      .addColumn('cooldown_s', 'integer', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('channel_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('shelved_until', 'bigint')
      .addColumn('shelved_by', 'text')
      .addColumn('shelve_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    // Which built-in rules were installed once: a default an admin deleted stays deleted.
    await db.schema
      .createTable('alert_defaults')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('installed_at', 'bigint', (c) => c.notNull())
      .execute();

    await withIdColumn(db.schema.createTable('alerts'), dialect)
      .addColumn('rule_id', 'bigint', (c) => c.notNull())
      .addColumn('rule_name', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('group_id', 'text')
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('cleared_at', 'bigint')
      .addColumn('acknowledged_by', 'text')
      .addColumn('acknowledged_at', 'bigint')
      .addColumn('resolved_by', 'text')
      .addColumn('resolved_at', 'bigint')
      .addColumn('shelved_until', 'bigint')
      .addColumn('shelved_by', 'text')
      .addColumn('shelve_reason', 'text')
      .addColumn('notified_at', 'bigint')
      .addColumn('escalated_at', 'bigint')
      // `rule:device` while the alert is open, null once closed: the unique index keeps one
      // open alert per rule and device, even with several processes evaluating.
      .addColumn('open_key', 'text', (c) => c.unique())
      .execute();
    await db.schema.createIndex('alerts_state').on('alerts').columns(['state', 'started_at']).execute();
    await db.schema.createIndex('alerts_device').on('alerts').columns(['device_id', 'started_at']).execute();
    await db.schema
      .createIndex('alerts_rule_device')
      .on('alerts')
      .columns(['rule_id', 'device_id'])
      .execute();
    await db.schema.createIndex('alerts_started').on('alerts').column('started_at').execute();
    await db.schema.createIndex('alerts_group').on('alerts').column('group_id').execute();

    await withIdColumn(db.schema.createTable('notification_channels'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('min_severity', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('secret_enc', 'text')
      .addColumn('secret_hint', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await withIdColumn(db.schema.createTable('notifications'), dialect)
      .addColumn('alert_id', 'bigint')
      .addColumn('channel_id', 'bigint', (c) => c.notNull())
      .addColumn('channel_name', 'text', (c) => c.notNull())
      .addColumn('channel_type', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('scheduled_at', 'bigint', (c) => c.notNull())
      .addColumn('attempted_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notifications_due')
      .on('notifications')
      .columns(['status', 'scheduled_at'])
      .execute();
    await db.schema.createIndex('notifications_alert').on('notifications').column('alert_id').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'notifications',
      'notification_channels',
      'alerts',
      'alert_defaults',
      'alert_rules',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
});
