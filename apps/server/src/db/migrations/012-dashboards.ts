import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';

/** Dashboards people build (their layout and widgets as JSON) and each user's home dashboard. */
export const migration012 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('dashboards')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      // A username, not a foreign key: a shared dashboard outlives its author's account.
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('time_range', 'text', (c) => c.notNull())
      .addColumn('variables', 'text', (c) => c.notNull())
      .addColumn('widgets', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('dashboards_owner').on('dashboards').column('owner').execute();
    await db.schema
      .createTable('dashboard_homes')
      .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('dashboard_id', 'text', (c) => c.notNull().references('dashboards.id').onDelete('cascade'))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('dashboard_homes').execute();
    await db.schema.dropTable('dashboards').execute();
  },
});
