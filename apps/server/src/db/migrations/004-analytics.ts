import { sql, type Kysely, type Migration } from 'kysely';
import type { Database } from '../database';
import { withIdColumn } from './schema-helpers';

/** Health (latest and per-minute history), failure predictions and recommendations. */
export const migration004 = ({ dialect }: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('health_current')
      .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id').onDelete('cascade'))
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('trend', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .execute();

    // One row per device and minute: the last score computed in that minute.
    await db.schema
      .createTable('health_history')
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('components', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('health_history_pk', ['device_id', 'ts'])
      .execute();
    await db.schema.createIndex('health_history_ts').on('health_history').column('ts').execute();

    await db.schema
      .createTable('predictions')
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('rul_h', 'double precision')
      .addColumn('p7d', 'double precision', (c) => c.notNull())
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('predictions_pk', ['device_id', 'metric'])
      .execute();

    await withIdColumn(db.schema.createTable('recommendations'), dialect)
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('urgency', 'double precision', (c) => c.notNull())
      .addColumn('impact', 'double precision', (c) => c.notNull())
      .addColumn('feasibility', 'double precision', (c) => c.notNull())
      .addColumn('cost_effectiveness', 'double precision', (c) => c.notNull())
      .addColumn('risk_reduction', 'double precision', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('priority', 'text', (c) => c.notNull())
      .addColumn('timeframe', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint')
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('status_changed_at', 'bigint')
      .addColumn('status_changed_by', 'text')
      .addColumn('resolution', 'text')
      // Since when the problem behind it has not been seen (closing waits a while, so a flapping
      // condition does not open and close it every minute), and when it last cleared.
      .addColumn('absent_since', 'bigint')
      .addColumn('cleared_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('recommendations_device_key')
      .on('recommendations')
      .columns(['device_id', 'key'])
      .execute();
    await db.schema
      .createIndex('recommendations_status')
      .on('recommendations')
      .columns(['status', 'score'])
      .execute();
    // The database itself keeps it to one live recommendation per device and problem.
    await db.schema
      .createIndex('recommendations_one_live')
      .unique()
      .on('recommendations')
      .columns(['device_id', 'key'])
      .where(sql<boolean>`status in ('open', 'acknowledged')`)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['recommendations', 'predictions', 'health_history', 'health_current']) {
      await db.schema.dropTable(table).execute();
    }
  },
});
