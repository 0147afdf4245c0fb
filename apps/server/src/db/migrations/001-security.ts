import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';
import { withIdColumn } from './schema-helpers';

export const migration001 = ({ dialect }: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await withIdColumn(db.schema.createTable('users'), dialect)
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('email_enc', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tokens_valid_after', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_login_at', 'bigint')
      .execute();

    await db.schema
      .createTable('access_tokens')
      .addColumn('jti', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'bigint')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('access_tokens_user').on('access_tokens').column('user_id').execute();
    await db.schema.createIndex('access_tokens_expiry').on('access_tokens').column('expires_at').execute();

    await withIdColumn(db.schema.createTable('audit_log'), dialect)
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text')
      .addColumn('ip', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_ts').on('audit_log').column('ts').execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['settings', 'audit_log', 'access_tokens', 'users']) {
      await db.schema.dropTable(table).execute();
    }
  },
});
