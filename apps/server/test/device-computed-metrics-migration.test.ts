import type { Kysely } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../src/db/migrate';
import { dialects, openTestDatabase } from './support/server';

describe.each(dialects)('migration 019 (computed metrics of devices) on $name', ({ name, skip }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-m019-'));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.skipIf(skip)(
    "keeps the assets' metrics with their ids and series, and takes devices' ones",
    async () => {
      const database = await openTestDatabase(name, dir);
      try {
        await migrateUpTo(database, '018-reading-partitions');
        const raw = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        const metric = (asset_id: string, metricName: string) => ({
          asset_id,
          name: metricName,
          unit: 'kW',
          expression: 'sum(devices.power)',
          created_by: 'admin',
          created_at: 1,
        });
        const before = await raw
          .insertInto('computed_metrics')
          .values([metric('LINE_A', 'total_power'), metric('LINE_B', 'total_power')])
          .returning('id')
          .execute();
        const ids = before.map((r) => Number(r.id));
        await raw
          .insertInto('computed_readings')
          .values(ids.map((metric_id, i) => ({ metric_id, ts: 1000, value: 10 + i })))
          .execute();

        await migrateToLatest(database);
        const after = await raw
          .selectFrom('computed_metrics')
          .select(['id', 'asset_id', 'device_id', 'name'])
          .orderBy('id')
          .execute();
        expect(after.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
          { id: ids[0], asset_id: 'LINE_A', device_id: null, name: 'total_power' },
          { id: ids[1], asset_id: 'LINE_B', device_id: null, name: 'total_power' },
        ]);
        expect(await raw.selectFrom('computed_readings').select('value').orderBy('value').execute()).toEqual([
          { value: 10 },
          { value: 11 },
        ]);

        // A device's metric: ids go on from the old ones; names are unique per device; one subject each.
        const device = { ...metric('x', 'specific_energy'), asset_id: null, device_id: 'PUMP_1' };
        const [added] = await raw.insertInto('computed_metrics').values(device).returning('id').execute();
        expect(Number(added!.id)).toBeGreaterThan(Math.max(...ids));
        await expect(raw.insertInto('computed_metrics').values(device).execute()).rejects.toThrow(
          /unique|duplicate/i,
        );
        await expect(
          raw
            .insertInto('computed_metrics')
            .values({ ...device, name: 'both', asset_id: 'LINE_A' })
            .execute(),
        ).rejects.toThrow(/check|constraint/i);
      } finally {
        await database.close();
      }
    },
  );
});
