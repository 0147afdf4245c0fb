import { afterEach, describe, expect, it } from 'vitest';
import { createDevicesRepository } from '../src/modules/devices/devices.repository';
import { createDevicesService } from '../src/modules/devices/devices.service';
import { createTwinRow } from '../src/modules/twin/twin.service';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const actor = { username: 'tester', ip: null };

describe.each(dialects)('a device and its twin on $name', ({ name, skip }) => {
  let server: TestServer;
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('are written together: when the twin fails, the device is not created', async () => {
    server = await startTestServer(name);
    const c = server.container;
    const devices = createDevicesService({
      devices: createDevicesRepository(c.database.db),
      assets: { exists: async () => false, subtreeIds: async () => [] },
      // The twin row is written, then the transaction fails: neither row may stay.
      createTwin: async (trx, deviceId, options) => {
        await createTwinRow(trx, deviceId, options);
        throw new Error('the disk filled up');
      },
      models: c.models,
      audit: c.audit,
      bus: c.bus,
      clock: c.clock,
      secretKey: 'test-secret-key-0123456789abcdef0123456789',
    });
    const body = { id: 'PUMP-9', name: 'Pump 9', model: 'centrifugal_pump' };
    await expect(devices.create(body, actor)).rejects.toThrow('the disk filled up');
    await expect(c.devices.get('PUMP-9')).rejects.toMatchObject({ code: 'not_found' });

    // Nothing was left behind under that id: the real service creates it, twin included.
    const { device } = await c.devices.create({ ...body, maintenance_mode: true }, actor);
    expect(device).toMatchObject({ id: 'PUMP-9', connectivity: 'offline', condition: 'maintenance' });
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const twin = await server.inject({ method: 'GET', url: '/api/devices/PUMP-9/twin', token: admin });
    expect(twin.json()).toMatchObject({
      device_id: 'PUMP-9',
      version: 0,
      desired: {},
      condition: 'maintenance',
    });
  });
});
