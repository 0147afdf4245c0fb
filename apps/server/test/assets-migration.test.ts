import type { Kysely } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../src/db/migrate';
import { dialects, openTestDatabase } from './support/server';

describe.each(dialects)('migration 014 (assets from sites and zones) on $name', ({ name, skip }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-m014-'));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.skipIf(skip)(
    'makes each site a site, each zone an area under it, and attaches the devices',
    async () => {
      const database = await openTestDatabase(name, dir);
      try {
        await migrateUpTo(database, '013-schedules-comments');
        const raw = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        await raw
          .insertInto('device_models')
          .values({
            id: 'm',
            name: 'M',
            description: '',
            category: 'sensor',
            metrics: '[]',
            properties: '[]',
            builtin: 0,
            created_at: 0,
            updated_at: 0,
          })
          .execute();
        const device = (id: string, site: string, zone: string) => ({
          id,
          name: id,
          model_id: 'm',
          site,
          zone,
          token_hash: 'x',
          created_at: 0,
          updated_at: 0,
        });
        await raw
          .insertInto('devices')
          .values([
            device('D1', 'Plant 1', 'Pumps'),
            device('D2', 'Plant 1', 'Pumps'),
            device('D3', 'Plant 1', 'Compressor hall'),
            device('D4', 'Plant 1', ''),
            device('D5', 'Plant 2', 'Pumps'),
            device('D6', '', 'Yard'),
            device('D7', '', ''),
            device('D8', ' Plant 1 ', 'Pumps'),
            // Later spellings of the same places (case, repeated or no-break spaces).
            { ...device('D9', 'plant  1', 'PUMPS'), created_at: 1 },
            { ...device('D10', 'PLANT\u00a01', 'compressor  hall '), created_at: 1 },
          ])
          .execute();

        await migrateToLatest(database);
        const assets = await raw
          .selectFrom('assets')
          .select(['id', 'name', 'type', 'parent_id'])
          .orderBy('id')
          .execute();
        expect(assets).toEqual([
          { id: 'area-Yard', name: 'Yard', type: 'area', parent_id: null },
          { id: 'site-Plant-1', name: 'Plant 1', type: 'site', parent_id: null },
          {
            id: 'site-Plant-1.Compressor-hall',
            name: 'Compressor hall',
            type: 'area',
            parent_id: 'site-Plant-1',
          },
          { id: 'site-Plant-1.Pumps', name: 'Pumps', type: 'area', parent_id: 'site-Plant-1' },
          { id: 'site-Plant-2', name: 'Plant 2', type: 'site', parent_id: null },
          { id: 'site-Plant-2.Pumps', name: 'Pumps', type: 'area', parent_id: 'site-Plant-2' },
        ]);
        const devices = await raw.selectFrom('devices').select(['id', 'asset_id']).orderBy('id').execute();
        expect(Object.fromEntries(devices.map((d) => [d.id, d.asset_id]))).toEqual({
          D1: 'site-Plant-1.Pumps',
          D2: 'site-Plant-1.Pumps',
          D3: 'site-Plant-1.Compressor-hall',
          D4: 'site-Plant-1',
          D5: 'site-Plant-2.Pumps',
          D6: 'area-Yard',
          D7: null,
          // Spaces around a name, case and repeated spaces are the same site and zone.
          D8: 'site-Plant-1.Pumps',
          D9: 'site-Plant-1.Pumps',
          D10: 'site-Plant-1.Compressor-hall',
        });
      } finally {
        await database.close();
        await database.drop();
      }
    },
  );
});
