import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { AssetListQuery } from '@dtwin/contracts/assets';
import type { Tables } from '../../db/tables';
import type { AssetLink } from './asset-links';

export type AssetRow = Selectable<Tables['assets']>;

const escapeLike = (text: string) => `%${text.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;

export function createAssetsRepository(db: Kysely<Tables>) {
  return {
    get(id: string): Promise<AssetRow | undefined> {
      return db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
    },

    getMany(ids: readonly string[]): Promise<AssetRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('assets').selectAll().where('id', 'in', ids).execute();
    },

    async list(query: AssetListQuery): Promise<{ items: AssetRow[]; total: number }> {
      let base = db.selectFrom('assets');
      if (query.type) base = base.where('type', '=', query.type);
      if (query.parent_id) base = base.where('parent_id', '=', query.parent_id);
      if (query.root) base = base.where('parent_id', 'is', null);
      if (query.q) {
        const pattern = escapeLike(query.q);
        base = base.where((eb) =>
          eb.or([
            eb(sql`lower(id)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
          ]),
        );
      }
      const [items, count] = await Promise.all([
        base.selectAll().orderBy('name').orderBy('id').limit(query.limit).offset(query.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    /** Every asset's parent: the whole hierarchy, small (bounded by ASSET_LIMITS.maxAssets). */
    links(): Promise<AssetLink[]> {
      return db.selectFrom('assets').select(['id', 'parent_id']).execute();
    },

    /** All of them, for building trees. */
    all(): Promise<AssetRow[]> {
      return db.selectFrom('assets').selectAll().orderBy('name').orderBy('id').execute();
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('assets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insert(row: Insertable<Tables['assets']>): Promise<void> {
      await db.insertInto('assets').values(row).execute();
    },

    async update(id: string, patch: Updateable<Tables['assets']>): Promise<void> {
      await db.updateTable('assets').set(patch).where('id', '=', id).execute();
    },

    /**
     * Deletes the asset; its children become roots in the same transaction. Its devices lose
     * their asset through the foreign key (`on delete set null`).
     */
    async deleteDetaching(id: string, now: number): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        await trx
          .updateTable('assets')
          .set({ parent_id: null, updated_at: now })
          .where('parent_id', '=', id)
          .execute();
        await trx.updateTable('devices').set({ asset_id: null }).where('asset_id', '=', id).execute();
        const result = await trx.deleteFrom('assets').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}

export type AssetsRepository = ReturnType<typeof createAssetsRepository>;
