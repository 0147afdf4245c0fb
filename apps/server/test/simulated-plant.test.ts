import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from './support/server';

describe('the simulated plant started with the server', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('registers its devices, which connect over MQTT and report within seconds', async () => {
    server = await startTestServer('sqlite', { SIMULATOR_DEVICES: '8' }, { mqtt: true });
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const online = async () => {
      await server!.container.twin.flush();
      const res = await server!.inject({
        method: 'GET',
        url: '/api/devices?connectivity=online',
        token: admin,
      });
      return (res.json() as { total: number }).total;
    };
    await expect.poll(online, { timeout: 15_000, interval: 500 }).toBeGreaterThanOrEqual(7);

    const { items } = (
      await server.inject({ method: 'GET', url: '/api/devices?limit=100', token: admin })
    ).json() as { items: Array<{ id: string; model: string }> };
    expect(items).toHaveLength(8);
    expect(items.map((d) => d.model)).toEqual(
      expect.arrayContaining(['centrifugal_pump', 'electric_motor', 'air_compressor', 'temperature_sensor']),
    );
    const pump = items.find((d) => d.model === 'centrifugal_pump')!;
    const twin = (
      await server.inject({ method: 'GET', url: `/api/devices/${pump.id}/twin`, token: admin })
    ).json() as { reported: { metrics: Record<string, unknown>; properties: Record<string, unknown> } };
    expect(Object.keys(twin.reported.metrics)).toEqual(
      expect.arrayContaining(['vibration', 'bearing_temperature', 'flow', 'motor_current']),
    );
    expect(twin.reported.properties.sample_interval_s).toBe(5);

    const file = path.join(server.dir, 'simulator-credentials.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const audit = (
      await server.inject({
        method: 'GET',
        url: '/api/audit?actor=simulator&action=device.create',
        token: admin,
      })
    ).json() as { total: number };
    expect(audit.total).toBe(8);
  });
});
