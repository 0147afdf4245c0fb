import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Role } from '@dtwin/contracts/auth';
import type { Tables } from '../../db/tables';

export type UserRow = Selectable<Tables['users']>;

export function createUsersRepository(db: Kysely<Tables>) {
  return {
    findById(id: number): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    findByUsername(username: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    },

    async existsIgnoringCase(username: string): Promise<boolean> {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where(sql<string>`lower(username)`, '=', username.toLowerCase())
        .executeTakeFirst();
      return row !== undefined;
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
      return db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
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
