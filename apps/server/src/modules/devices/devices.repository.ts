import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { DeviceListQuery } from '@dtwin/contracts/devices';
import type { Executor } from '../../db/database';
import type { Tables } from '../../db/tables';

export type DeviceRow = Selectable<Tables['devices']> & {
  connectivity: string;
  condition: string;
  last_seen: number | null;
};

export interface DeviceInAsset {
  id: string;
  name: string;
  asset_id: string;
  connectivity: string;
  condition: string;
}

const escapeLike = (text: string) => `%${text.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;

export function createDevicesRepository(db: Executor) {
  const withTwin = () =>
    db
      .selectFrom('devices')
      .innerJoin('twins', 'twins.device_id', 'devices.id')
      .selectAll('devices')
      .select(['twins.connectivity', 'twins.condition', 'twins.last_seen']);

  return {
    get(id: string): Promise<DeviceRow | undefined> {
      return withTwin().where('devices.id', '=', id).executeTakeFirst();
    },

    /** `assetIds`: only devices attached to one of these assets (an asset's subtree). */
    async list(
      query: DeviceListQuery,
      assetIds?: readonly string[],
    ): Promise<{ items: DeviceRow[]; total: number }> {
      let base = db.selectFrom('devices').innerJoin('twins', 'twins.device_id', 'devices.id');
      if (assetIds)
        base = assetIds.length
          ? base.where('devices.asset_id', 'in', assetIds)
          : base.where(sql<boolean>`1 = 0`);
      if (query.q) {
        const pattern = escapeLike(query.q);
        base = base.where((eb) =>
          eb.or([
            eb(sql`lower(devices.id)`, 'like', sql`${pattern} escape '\\'`),
            eb(sql`lower(devices.name)`, 'like', sql`${pattern} escape '\\'`),
          ]),
        );
      }
      if (query.model) base = base.where('devices.model_id', '=', query.model);
      if (query.site) base = base.where('devices.site', '=', query.site);
      if (query.zone) base = base.where('devices.zone', '=', query.zone);
      if (query.tag)
        base = base.where(
          'devices.tags',
          'like',
          `%${JSON.stringify(query.tag).replace(/[%_\\]/g, '\\$&')}%`,
        );
      if (query.condition) base = base.where('twins.condition', '=', query.condition);
      if (query.connectivity) base = base.where('twins.connectivity', '=', query.connectivity);
      const order =
        query.sort === 'last_seen'
          ? 'twins.last_seen'
          : query.sort === 'name'
            ? 'devices.name'
            : 'devices.id';
      const [items, count] = await Promise.all([
        base
          .selectAll('devices')
          .select(['twins.connectivity', 'twins.condition', 'twins.last_seen'])
          .orderBy(order, query.sort === 'last_seen' ? 'desc' : 'asc')
          .orderBy('devices.id')
          .limit(query.limit)
          .offset(query.offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    /**
     * Writes a device and, in the same transaction, what `alongside` writes (its twin): both
     * appear together or not at all. Inside a transaction already (the Flask import), it joins it.
     */
    async insert(
      row: Insertable<Tables['devices']>,
      alongside: (trx: Executor) => Promise<void>,
    ): Promise<void> {
      const write = async (trx: Executor) => {
        await trx.insertInto('devices').values(row).execute();
        await alongside(trx);
      };
      await (db.isTransaction ? write(db) : db.transaction().execute(write));
    },

    async update(id: string, patch: Updateable<Tables['devices']>): Promise<boolean> {
      const result = await db.updateTable('devices').set(patch).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('devices').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async modelOf(id: string): Promise<string | undefined> {
      const row = await db.selectFrom('devices').select('model_id').where('id', '=', id).executeTakeFirst();
      return row?.model_id;
    },

    async tokenHashes(): Promise<Array<{ id: string; token_hash: string; model_id: string }>> {
      return db.selectFrom('devices').select(['id', 'token_hash', 'model_id']).execute();
    },

    /** Devices attached to these assets, in chunks (an IN list has a bounded size in SQLite). */
    async inAssets(assetIds: readonly string[]): Promise<DeviceInAsset[]> {
      const out: DeviceInAsset[] = [];
      for (let i = 0; i < assetIds.length; i += 500) {
        const chunk = assetIds.slice(i, i + 500);
        const rows = await db
          .selectFrom('devices')
          .innerJoin('twins', 'twins.device_id', 'devices.id')
          .select(['devices.id', 'devices.name', 'devices.asset_id', 'twins.connectivity', 'twins.condition'])
          .where('devices.asset_id', 'in', chunk)
          .orderBy('devices.id')
          .execute();
        for (const r of rows) out.push({ ...r, asset_id: r.asset_id ?? '' });
      }
      return out;
    },

    async countByModel(modelId: string): Promise<number> {
      const row = await db
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('model_id', '=', modelId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type DevicesRepository = ReturnType<typeof createDevicesRepository>;
