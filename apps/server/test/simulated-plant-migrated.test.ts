import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Asset } from '@dtwin/contracts/assets';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateUpTo } from '../src/db/migrate';
import { builtinModels } from '../src/modules/models/builtin-models';
import { planFleet } from '../tools/simulator/fleet-plan';
import { planHierarchy } from '../tools/simulator/plant-hierarchy';
import { ADMIN, openTestDatabase, startTestServer, type TestServer } from './support/server';

describe('the simulated plant of a database from before assets', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('is one plant: the devices move from the migrated site to the planned one, which stays alone', async () => {
    // What an old version left: the simulator's devices with their site and zone strings.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-old-plant-'));
    const plan = planFleet(6, 42);
    const database = await openTestDatabase('sqlite', dir);
    await migrateUpTo(database, '013-schedules-comments');
    const raw = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const m of builtinModels.filter((m) => plan.some((d) => d.model === m.id)))
      await raw
        .insertInto('device_models')
        .values({
          id: m.id,
          name: m.name,
          description: m.description,
          category: m.category,
          metrics: JSON.stringify(m.metrics),
          properties: JSON.stringify(m.properties),
          builtin: 1,
          created_at: 0,
          updated_at: 0,
        })
        .execute();
    for (const d of plan) {
      await raw
        .insertInto('devices')
        .values({
          id: d.id,
          name: d.name,
          model_id: d.model,
          site: d.location.site,
          zone: d.location.zone,
          token_hash: 'lost',
          created_at: 0,
          updated_at: 0,
        })
        .execute();
      await raw.insertInto('twins').values({ device_id: d.id }).execute();
    }
    await database.close();

    server = await startTestServer(
      'sqlite',
      { SIMULATOR_DEVICES: '6', SIMULATOR_SEED: '42' },
      { mqtt: true, dir },
    );
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const list = async (query: string) =>
      (
        (await server!.inject({ method: 'GET', url: `/api/assets?${query}`, token: admin })).json() as {
          items: Asset[];
        }
      ).items;
    expect((await list('type=site')).map((a) => a.id)).toEqual(['riverside']);
    expect((await list('type=area&limit=100')).every((a) => a.id.startsWith('riverside.'))).toBe(true);
    const { deviceAsset } = planHierarchy(plan);
    for (const d of plan)
      expect((await server.container.devices.get(d.id)).asset_id).toBe(deviceAsset.get(d.id));
  });
});
