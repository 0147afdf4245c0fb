import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Tables } from '../../db/tables';

export type ChannelRow = Selectable<Tables['notification_channels']>;

export function createChannelRepository(db: Kysely<Tables>) {
  return {
    list(): Promise<ChannelRow[]> {
      return db.selectFrom('notification_channels').selectAll().orderBy('id').execute();
    },

    get(id: number): Promise<ChannelRow | undefined> {
      return db.selectFrom('notification_channels').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insert(row: Insertable<Tables['notification_channels']>): Promise<number> {
      const { id } = await db
        .insertInto('notification_channels')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(id);
    },

    async update(id: number, patch: Updateable<Tables['notification_channels']>): Promise<boolean> {
      const result = await db
        .updateTable('notification_channels')
        .set(patch)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async delete(id: number): Promise<boolean> {
      const result = await db.deleteFrom('notification_channels').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async existingIds(ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('notification_channels').select('id').where('id', 'in', ids).execute();
      return rows.map((r) => Number(r.id));
    },
  };
}

export type ChannelRepository = ReturnType<typeof createChannelRepository>;
