import { sql, type Kysely, type Migration } from 'kysely';
import { usernameKey } from '../../lib/username-key';
import type { Database } from '../database';

/**
 * User names unique whatever their case or Unicode form (`username_key`), and e-mails unique
 * (`email_hash`, a keyed hash of the normalised address, filled by the server at start since
 * the key is not the database's). Accounts that already differ only in case keep working: the
 * oldest owns the name's key, the others keep a key of their own and sign in by their exact name.
 */
export const migration008 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('username_key', 'text').execute();
    await db.schema.alterTable('users').addColumn('email_hash', 'text').execute();
    const rows = await sql<{
      id: number;
      username: string;
    }>`select id, username from users order by id`.execute(db);
    const taken = new Set<string>();
    for (const row of rows.rows) {
      const key = usernameKey(row.username);
      const own = taken.has(key) ? `${key}#${row.id}` : key;
      taken.add(key);
      await sql`update users set username_key = ${own} where id = ${row.id}`.execute(db);
    }
    await db.schema
      .createIndex('users_username_key_unique')
      .unique()
      .on('users')
      .column('username_key')
      .execute();
    await db.schema
      .createIndex('users_email_hash_unique')
      .unique()
      .on('users')
      .column('email_hash')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('users_email_hash_unique').execute();
    await db.schema.dropIndex('users_username_key_unique').execute();
    await db.schema.alterTable('users').dropColumn('email_hash').execute();
    await db.schema.alterTable('users').dropColumn('username_key').execute();
  },
});
