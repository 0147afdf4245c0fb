import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Tables } from '../../db/tables';

export type DashboardRow = Selectable<Tables['dashboards']>;

/** A user never sees more dashboards than this in one list (owned plus shared). */
const LIST_LIMIT = 500;

export function createDashboardsRepository(db: Kysely<Tables>) {
  return {
    /** Everything for `owner: null` (admins), else the owner's and the shared ones. */
    list(owner: string | null): Promise<DashboardRow[]> {
      let query = db.selectFrom('dashboards').selectAll();
      if (owner !== null) query = query.where((eb) => eb.or([eb('owner', '=', owner), eb('shared', '=', 1)]));
      return query.orderBy('name').orderBy('id').limit(LIST_LIMIT).execute();
    },

    countOwnedBy(owner: string): Promise<number> {
      return db
        .selectFrom('dashboards')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('owner', '=', owner)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    },

    get(id: string): Promise<DashboardRow | undefined> {
      return db.selectFrom('dashboards').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insert(row: Insertable<Tables['dashboards']>): Promise<void> {
      await db.insertInto('dashboards').values(row).execute();
    },

    async update(id: string, patch: Updateable<Tables['dashboards']>): Promise<void> {
      await db.updateTable('dashboards').set(patch).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('dashboard_homes').where('dashboard_id', '=', id).execute();
        await trx.deleteFrom('dashboards').where('id', '=', id).execute();
      });
    },

    async home(userId: number): Promise<string | null> {
      const row = await db
        .selectFrom('dashboard_homes')
        .select('dashboard_id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.dashboard_id ?? null;
    },

    async setHome(userId: number, dashboardId: string | null): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('dashboard_homes').where('user_id', '=', userId).execute();
        if (dashboardId !== null)
          await trx
            .insertInto('dashboard_homes')
            .values({ user_id: userId, dashboard_id: dashboardId })
            .execute();
      });
    },
  };
}

export type DashboardsRepository = ReturnType<typeof createDashboardsRepository>;
