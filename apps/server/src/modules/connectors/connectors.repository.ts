import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Tables } from '../../db/tables';

export type ConnectorRow = Selectable<Tables['connectors']>;

export function createConnectorsRepository(db: Kysely<Tables>) {
  return {
    list: (): Promise<ConnectorRow[]> => db.selectFrom('connectors').selectAll().orderBy('id').execute(),

    get: (id: string): Promise<ConnectorRow | undefined> =>
      db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst(),

    async count(): Promise<number> {
      const row = await db
        .selectFrom('connectors')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insert(row: Insertable<Tables['connectors']>): Promise<void> {
      await db.insertInto('connectors').values(row).execute();
    },

    async update(id: string, changes: Updateable<Tables['connectors']>): Promise<void> {
      await db.updateTable('connectors').set(changes).where('id', '=', id).execute();
    },

    async remove(id: string): Promise<boolean> {
      const result = await db.deleteFrom('connectors').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export type ConnectorsRepository = ReturnType<typeof createConnectorsRepository>;
