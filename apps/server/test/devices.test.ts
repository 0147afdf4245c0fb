import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer, passwordFor } from './support/server';

describe.each(dialects)('device models and devices on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  let viewer: string;
  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    await server.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username: 'watcher', password: passwordFor('watcher-password') },
    });
    viewer = await server.login('watcher', passwordFor('watcher-password'));
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('ships the original sensor types and multi-metric machines', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/models', token: viewer });
    const { items } = res.json() as {
      items: Array<{
        id: string;
        metrics: Array<{
          name: string;
          unit: string;
          normal: { min: number; max: number };
          critical: { min: number; max: number };
        }>;
      }>;
    };
    const byId = new Map(items.map((m) => [m.id, m]));
    expect(byId.get('temperature_sensor')?.metrics[0]).toMatchObject({
      unit: '°C',
      normal: { min: 15, max: 35 },
      critical: { min: 0, max: 60 },
    });
    expect(byId.get('pressure_sensor')?.metrics[0]).toMatchObject({
      unit: 'hPa',
      normal: { min: 900, max: 1100 },
      critical: { min: 800, max: 1200 },
    });
    expect(byId.get('vibration_sensor')?.metrics[0]).toMatchObject({
      unit: 'mm/s',
      normal: { min: 0.1, max: 0.3 },
      critical: { min: 0, max: 1 },
    });
    expect(byId.get('humidity_sensor')?.metrics[0]).toMatchObject({
      unit: '%RH',
      normal: { min: 40, max: 70 },
      critical: { min: 10, max: 90 },
    });
    expect(byId.get('power_meter')?.metrics[0]).toMatchObject({
      unit: 'W',
      normal: { min: 1000, max: 5000 },
      critical: { min: 0, max: 10000 },
    });
    for (const machine of ['centrifugal_pump', 'electric_motor', 'air_compressor']) {
      expect(byId.get(machine)?.metrics.length).toBeGreaterThanOrEqual(5);
    }
    expect(byId.get('centrifugal_pump')?.metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'vibration',
        'bearing_temperature',
        'discharge_pressure',
        'flow',
        'motor_current',
        'power',
      ]),
    );
  });

  it.skipIf(skip)('lets admins add and edit models, checking ranges', async () => {
    const model = {
      id: 'cooling_tower',
      name: 'Cooling tower',
      category: 'machine',
      metrics: [
        {
          name: 'basin_temperature',
          label: 'Basin temperature',
          unit: '°C',
          normal: { min: 20, max: 30 },
          critical: { min: 5, max: 40 },
          bad: 'high',
          expected_interval_s: 10,
        },
      ],
    };
    expect(
      (await server.inject({ method: 'POST', url: '/api/models', token: viewer, payload: model })).statusCode,
    ).toBe(403);
    const created = await server.inject({ method: 'POST', url: '/api/models', token: admin, payload: model });
    expect(created.statusCode).toBe(201);
    expect(
      (await server.inject({ method: 'POST', url: '/api/models', token: admin, payload: model })).statusCode,
    ).toBe(409);

    const inverted = {
      ...model,
      id: 'bad_model',
      metrics: [{ ...model.metrics[0], critical: { min: 25, max: 26 } }],
    };
    const bad = await server.inject({ method: 'POST', url: '/api/models', token: admin, payload: inverted });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('critical range must contain the normal range');

    const renamed = await server.inject({
      method: 'PATCH',
      url: '/api/models/cooling_tower',
      token: admin,
      payload: { name: 'Cooling tower (wet)' },
    });
    expect((renamed.json() as { model: { name: string } }).model.name).toBe('Cooling tower (wet)');
  });

  it.skipIf(skip)('registers a device, shows its token once and stores only a hash of it', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/devices',
      token: admin,
      payload: {
        id: 'PUMP_001',
        name: 'Feed pump 1',
        model: 'centrifugal_pump',
        location: { site: 'Plant A', zone: 'Boiler house', x: 12, y: 40 },
      },
    });
    expect(res.statusCode).toBe(201);
    const { device, token } = res.json() as { device: Record<string, unknown>; token: string };
    expect(device).toMatchObject({
      id: 'PUMP_001',
      model: 'centrifugal_pump',
      connectivity: 'offline',
      condition: 'normal',
      last_seen: null,
      location: { site: 'Plant A', zone: 'Boiler house', x: 12, y: 40 },
    });
    expect(token.length).toBeGreaterThan(40);

    const row = await server.container.database.db
      .selectFrom('devices')
      .select('token_hash')
      .where('id', '=', 'PUMP_001')
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    const again = await server.inject({ method: 'GET', url: '/api/devices/PUMP_001', token: admin });
    expect(again.body).not.toContain(token);
  });

  it.skipIf(skip)('refuses bad registrations with the reason', async () => {
    const unknownModel = await server.inject({
      method: 'POST',
      url: '/api/devices',
      token: admin,
      payload: { id: 'X1', name: 'x', model: 'flux_capacitor' },
    });
    expect(unknownModel.statusCode).toBe(400);
    expect(
      (unknownModel.json() as { error: { fields: Record<string, string> } }).error.fields.model,
    ).toBeDefined();
    const badId = await server.inject({
      method: 'POST',
      url: '/api/devices',
      token: admin,
      payload: { id: '../etc', name: 'x', model: 'power_meter' },
    });
    expect(badId.statusCode).toBe(400);
    await registerDevice(server, admin, { id: 'DUP', model: 'power_meter' });
    expect(
      (
        await server.inject({
          method: 'POST',
          url: '/api/devices',
          token: admin,
          payload: { id: 'DUP', name: 'x', model: 'power_meter' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await server.inject({
          method: 'POST',
          url: '/api/devices',
          token: viewer,
          payload: { id: 'V1', name: 'x', model: 'power_meter' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it.skipIf(skip)('lists devices with search, filters and paging', async () => {
    for (let i = 1; i <= 5; i++) {
      await registerDevice(server, admin, {
        id: `TEMP_00${i}`,
        model: 'temperature_sensor',
        name: `Temperature ${i}`,
        location: { site: 'A', zone: i <= 2 ? 'Hall 1' : 'Hall 2' },
      });
    }
    const pumpToken = await registerDevice(server, admin, {
      id: 'PUMP_001',
      model: 'centrifugal_pump',
      location: { site: 'A', zone: 'Hall 1' },
    });
    await postTelemetry(server, 'PUMP_001', pumpToken, { vibration: 1.2 });
    await server.container.twin.flush();

    const list = async (query: string) =>
      (await server.inject({ method: 'GET', url: `/api/devices?${query}`, token: viewer })).json() as {
        items: Array<{ id: string }>;
        total: number;
      };
    expect((await list('')).total).toBe(6);
    expect((await list('model=temperature_sensor')).total).toBe(5);
    expect((await list('zone=Hall%201')).items.map((d) => d.id)).toEqual([
      'PUMP_001',
      'TEMP_001',
      'TEMP_002',
    ]);
    expect((await list('q=temp&limit=2&offset=2')).items.map((d) => d.id)).toEqual(['TEMP_003', 'TEMP_004']);
    expect((await list('connectivity=online')).items.map((d) => d.id)).toEqual(['PUMP_001']);
    expect(
      (await server.inject({ method: 'GET', url: '/api/devices?condition=bogus', token: viewer })).statusCode,
    ).toBe(400);
  });

  it.skipIf(skip)('edits, rotates credentials and deletes devices', async () => {
    const oldToken = await registerDevice(server, admin, { id: 'METER_1', model: 'power_meter' });
    const patched = await server.inject({
      method: 'PATCH',
      url: '/api/devices/METER_1',
      token: admin,
      payload: { name: 'Main meter', location: { zone: 'Substation' }, tags: ['energy'] },
    });
    expect((patched.json() as { device: object }).device).toMatchObject({
      name: 'Main meter',
      location: { zone: 'Substation' },
      tags: ['energy'],
    });

    const rotated = await server.inject({
      method: 'POST',
      url: '/api/devices/METER_1/credentials',
      token: admin,
    });
    const newToken = (rotated.json() as { token: string }).token;
    expect((await postTelemetry(server, 'METER_1', oldToken, { power: 2000 })).statusCode).toBe(401);
    expect((await postTelemetry(server, 'METER_1', newToken, { power: 2000 })).statusCode).toBe(200);

    expect(
      (await server.inject({ method: 'DELETE', url: '/api/devices/METER_1', token: viewer })).statusCode,
    ).toBe(403);
    expect(
      (await server.inject({ method: 'DELETE', url: '/api/devices/METER_1', token: admin })).statusCode,
    ).toBe(204);
    expect(
      (await server.inject({ method: 'GET', url: '/api/devices/METER_1', token: admin })).statusCode,
    ).toBe(404);
    expect((await postTelemetry(server, 'METER_1', newToken, { power: 2000 })).statusCode).toBe(401);
    const readings = await server.container.database.db
      .selectFrom('readings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(readings.n)).toBe(0);
  });
});
