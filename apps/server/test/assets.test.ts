import type { Asset, AssetList, AssetTree } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('assets on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  let viewer: string;

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    await server.inject({
      method: 'POST',
      url: '/api/users',
      token: admin,
      payload: { username: 'viewer-1', password: 'viewer-password-long', role: 'viewer' },
    });
    viewer = await server.login('viewer-1', 'viewer-password-long');
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  const create = (payload: object, token = admin) =>
    server.inject({ method: 'POST', url: '/api/assets', token, payload });
  const patch = (id: string, payload: object, token = admin) =>
    server.inject({ method: 'PATCH', url: `/api/assets/${id}`, token, payload });
  const get = (url: string, token = viewer) => server.inject({ method: 'GET', url, token });

  /** site → area-a → line-1 → pump-1; site → area-b. */
  async function plant() {
    for (const a of [
      { id: 'site', name: 'North plant', type: 'site' },
      { id: 'area-a', name: 'Area A', type: 'area', parent_id: 'site' },
      { id: 'area-b', name: 'Area B', type: 'area', parent_id: 'site' },
      { id: 'line-1', name: 'Line 1', type: 'line', parent_id: 'area-a' },
      { id: 'pump-1', name: 'Pump 1', type: 'machine', parent_id: 'line-1' },
    ])
      expect((await create(a)).statusCode).toBe(201);
  }

  it.skipIf(skip)('admins create, change and read assets; everyone signed in reads; audited', async () => {
    const res = await create({
      id: 'site',
      name: 'North plant',
      type: 'site',
      properties: { city: 'Lyon', area_m2: 12000, certified: true, closed_on: null },
      tags: ['iso-9001'],
    });
    expect(res.statusCode).toBe(201);
    const { asset } = res.json() as { asset: Asset };
    expect(asset).toMatchObject({
      id: 'site',
      name: 'North plant',
      type: 'site',
      parent_id: null,
      properties: { city: 'Lyon', area_m2: 12000, certified: true, closed_on: null },
      tags: ['iso-9001'],
    });
    expect((await create({ id: 'x', name: 'X', type: 'site' }, viewer)).statusCode).toBe(403);
    expect((await create({ id: 'site', name: 'Again', type: 'site' })).statusCode).toBe(409);

    const changed = await patch('site', { name: 'North plant (Lyon)', tags: [] });
    expect(changed.statusCode).toBe(200);
    expect((changed.json() as { asset: Asset }).asset).toMatchObject({
      name: 'North plant (Lyon)',
      tags: [],
      properties: { city: 'Lyon' },
    });
    expect((await patch('site', { name: 'Nope' }, viewer)).statusCode).toBe(403);

    const read = await get('/api/assets/site');
    expect(read.statusCode).toBe(200);
    expect((read.json() as { asset: Asset }).asset.name).toBe('North plant (Lyon)');
    expect((await get('/api/assets/nothing-here')).statusCode).toBe(404);

    const audit = await get('/api/audit?action=asset.create', admin);
    expect((audit.json() as { items: { target: string; actor: string }[] }).items).toEqual([
      expect.objectContaining({ target: 'site', actor: 'admin' }),
    ]);
    const updates = await get('/api/audit?action=asset.update', admin);
    expect((updates.json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it.skipIf(skip)('lists by type, parent and text, and pages', async () => {
    await plant();
    const ids = async (query: string) =>
      ((await get(`/api/assets${query}`)).json() as AssetList).items.map((a) => a.id);
    expect(await ids('?type=area')).toEqual(['area-a', 'area-b']);
    expect(await ids('?parent_id=site')).toEqual(['area-a', 'area-b']);
    expect(await ids('?root=true')).toEqual(['site']);
    expect(await ids('?q=PUMP')).toEqual(['pump-1']);
    expect(await ids('?q=north')).toEqual(['site']);
    const page = (await get('/api/assets?limit=2&offset=1')).json() as AssetList;
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(2);
    expect((await get('/api/assets?type=no%20spaces')).statusCode).toBe(400);
  });

  it.skipIf(skip)('refuses a cycle, an unknown parent and a hierarchy too deep, with 400', async () => {
    await plant();
    const cycle = await patch('site', { parent_id: 'pump-1' });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect(cycle.json().error.message).toMatch(/cycle/);
    expect((await patch('line-1', { parent_id: 'line-1' })).statusCode).toBe(400);
    // Nothing moved.
    expect(((await get('/api/assets/site')).json() as { asset: Asset }).asset.parent_id).toBeNull();

    const unknown = await create({ id: 'm', name: 'M', type: 'machine', parent_id: 'ghost' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual({ parent_id: 'is not a known asset' });

    // A legal move: line-1 (with pump-1) goes under area-b.
    const moved = await patch('line-1', { parent_id: 'area-b' });
    expect(moved.statusCode).toBe(200);
    expect(((await get('/api/assets?parent_id=area-b')).json() as AssetList).items.map((a) => a.id)).toEqual([
      'line-1',
    ]);

    // Twelve levels are allowed, a thirteenth is not (pump-1 is level 4).
    let parent = 'pump-1';
    for (let level = 5; level <= 12; level++) {
      expect(
        (await create({ id: `c${level}`, name: `C${level}`, type: 'component', parent_id: parent }))
          .statusCode,
      ).toBe(201);
      parent = `c${level}`;
    }
    const tooDeep = await create({ id: 'c13', name: 'C13', type: 'component', parent_id: parent });
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().error.message).toMatch(/deeper than 12/);
    // Moving a deep branch under a deeper parent is refused too.
    expect((await patch('area-a', { parent_id: 'c12' })).statusCode).toBe(400);
  });

  it.skipIf(skip)('bounds names, types, properties and tags', async () => {
    const bad = async (payload: object) =>
      (await create({ id: 'a', name: 'A', type: 'site', ...payload })).statusCode;
    expect(await bad({ name: 'x'.repeat(121) })).toBe(400);
    expect(await bad({ name: '   ' })).toBe(400);
    expect(await bad({ type: 'two words' })).toBe(400);
    expect(await bad({ id: '../etc' })).toBe(400);
    expect(await bad({ properties: { big: 'x'.repeat(1001) } })).toBe(400);
    expect(await bad({ properties: { nested: { a: 1 } } })).toBe(400);
    expect(
      await bad({ properties: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`p${i}`, i])) }),
    ).toBe(400);
    expect(await bad({ tags: Array.from({ length: 33 }, (_, i) => `t${i}`) })).toBe(400);
    expect(await bad({ tags: ['x'.repeat(41)] })).toBe(400);
    expect(await bad({ colour: 'red' })).toBe(400);
    expect((await patch('a', {})).statusCode).toBe(400);
    expect(await bad({ properties: { ok: 1 }, tags: ['fine'] })).toBe(201);
  });

  it.skipIf(skip)(
    'devices attach by PATCH /api/devices/{id}; the tree shows them at each level',
    async () => {
      await plant();
      await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump', name: 'Feed pump' });
      await registerDevice(server, admin, { id: 'TEMP_1', model: 'temperature_sensor', name: 'Hall temp' });
      const attach = (id: string, asset_id: string | null, token = admin) =>
        server.inject({ method: 'PATCH', url: `/api/devices/${id}`, token, payload: { asset_id } });

      const res = await attach('PUMP_1', 'pump-1');
      expect(res.statusCode).toBe(200);
      expect((res.json() as { device: Device }).device.asset_id).toBe('pump-1');
      expect((await attach('TEMP_1', 'area-a')).statusCode).toBe(200);
      expect((await attach('TEMP_1', 'ghost')).statusCode).toBe(400);
      expect((await attach('TEMP_1', 'site', viewer)).statusCode).toBe(403);

      const tree = (await get('/api/assets/site/tree')).json() as AssetTree;
      expect(tree).toEqual({
        id: 'site',
        name: 'North plant',
        type: 'site',
        devices: [],
        children: [
          {
            id: 'area-a',
            name: 'Area A',
            type: 'area',
            devices: [{ id: 'TEMP_1', name: 'Hall temp' }],
            children: [
              {
                id: 'line-1',
                name: 'Line 1',
                type: 'line',
                devices: [],
                children: [
                  {
                    id: 'pump-1',
                    name: 'Pump 1',
                    type: 'machine',
                    devices: [{ id: 'PUMP_1', name: 'Feed pump' }],
                    children: [],
                  },
                ],
              },
            ],
          },
          { id: 'area-b', name: 'Area B', type: 'area', devices: [], children: [] },
        ],
      });
      expect((await get('/api/assets/ghost/tree')).statusCode).toBe(404);

      // The device list filters by subtree (what the floor plan reads).
      const listed = async (assetId: string) =>
        ((await get(`/api/devices?asset_id=${assetId}`)).json() as { items: Device[] }).items.map(
          (d) => d.id,
        );
      expect(await listed('site')).toEqual(['PUMP_1', 'TEMP_1']);
      expect(await listed('line-1')).toEqual(['PUMP_1']);
      expect(await listed('area-b')).toEqual([]);
      expect((await get('/api/devices?asset_id=ghost')).statusCode).toBe(404);

      // Detached again.
      expect(((await attach('PUMP_1', null)).json() as { device: Device }).device.asset_id).toBeNull();
      expect(await listed('site')).toEqual(['TEMP_1']);
    },
  );

  it.skipIf(skip)('deleting an asset with children or devices is 409 unless ?cascade=detach', async () => {
    await plant();
    await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_1',
      token: admin,
      payload: { asset_id: 'line-1' },
    });
    const del = (id: string, query = '', token = admin) =>
      server.inject({ method: 'DELETE', url: `/api/assets/${id}${query}`, token });

    const refused = await del('line-1');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/1 child asset\(s\) and 1 device\(s\)/);
    expect((await del('line-1', '?cascade=everything')).statusCode).toBe(400);
    expect((await del('line-1', '?cascade=detach', viewer)).statusCode).toBe(403);

    expect((await del('line-1', '?cascade=detach')).statusCode).toBe(204);
    expect((await get('/api/assets/line-1')).statusCode).toBe(404);
    // Its child became a root; its device lost its asset but still exists.
    expect(((await get('/api/assets/pump-1')).json() as { asset: Asset }).asset.parent_id).toBeNull();
    expect(((await get('/api/devices/PUMP_1')).json() as { device: Device }).device.asset_id).toBeNull();

    expect((await del('area-b')).statusCode).toBe(204);
    expect((await del('area-b')).statusCode).toBe(404);
    const audit = await get('/api/audit?action=asset.delete', admin);
    expect((audit.json() as { items: { target: string }[] }).items.map((i) => i.target).sort()).toEqual([
      'area-b',
      'line-1',
    ]);
  });
});
