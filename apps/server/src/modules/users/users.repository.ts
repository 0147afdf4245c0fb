import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Role } from '@dtwin/contracts/auth';
import type { Tables } from '../../db/tables';
import { usernameKey } from '../../lib/username-key';

export type UserRow = Selectable<Tables['users']>;

export function createUsersRepository(db: Kysely<Tables>) {
  return {
    findById(id: number): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The exact name first (accounts from before names were unique ignoring case), then its key. */
    async findByUsername(username: string): Promise<UserRow | undefined> {
      return (
        (await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()) ??
        (await db
          .selectFrom('users')
          .selectAll()
          .where('username_key', '=', usernameKey(username))
          .executeTakeFirst())
      );
    },

    async usernameTaken(username: string): Promise<boolean> {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('username_key', '=', usernameKey(username))
        .executeTakeFirst();
      return row !== undefined;
    },

    async emailTaken(emailHash: string, exceptId?: number): Promise<boolean> {
      let query = db.selectFrom('users').select('id').where('email_hash', '=', emailHash);
      if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /** Users with an e-mail whose hash is not filled yet (from before it existed, or imported). */
    withoutEmailHash(limit: number) {
      return db
        .selectFrom('users')
        .select(['id', 'email_enc'])
        .where('email_enc', 'is not', null)
        .where('email_hash', 'is', null)
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async list(query: { q?: string | undefined; role?: Role | undefined; limit: number; offset: number }) {
      let base = db.selectFrom('users');
      if (query.q) {
        const pattern = `%${query.q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;
        base = base.where(sql<boolean>`lower(username) like ${pattern} escape '\\'`);
      }
      if (query.role) base = base.where('role', '=', query.role);
      const [items, count] = await Promise.all([
        base.selectAll().orderBy('username').limit(query.limit).offset(query.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    async insert(row: Insertable<Tables['users']>): Promise<UserRow> {
      return db
        .insertInto('users')
        .values({ ...row, username_key: usernameKey(row.username) })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async update(id: number, patch: Updateable<Tables['users']>): Promise<UserRow | undefined> {
      return db.updateTable('users').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
    },

    async countActiveAdmins(): Promise<number> {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
