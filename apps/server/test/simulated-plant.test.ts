import fs from 'node:fs';
import path from 'node:path';
import type { DeviceEvent } from '@dtwin/contracts/device-events';
import { afterEach, describe, expect, it } from 'vitest';
import { planFleet } from '../tools/simulator/fleet-plan';
import { planScenarios } from '../tools/simulator/scenario-plan';
import { ADMIN, startTestServer, type TestServer } from './support/server';

const DAY = 86_400_000;

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

  it(
    'records the failure and the repair of its machines in their maintenance log',
    { timeout: 60_000 },
    async () => {
      server = await startTestServer(
        'sqlite',
        { SIMULATOR_DEVICES: '6', SIMULATOR_SEED: '3' },
        { mqtt: true },
      );
      const admin = await server.login(ADMIN.username, ADMIN.password);
      const clock = server.clock;

      // The plant runs on the server's clock and its failures are known in advance: the first
      // machine due to fail after now.
      const plans = planScenarios(planFleet(6, 3), { seed: 3 });
      const [next] = [...plans]
        .flatMap(([id, plan]) =>
          plan
            .episodes(clock.now(), clock.now() + 30 * DAY)
            .filter((e) => e.startMs > clock.now())
            .map((e) => ({ id, ...e })),
        )
        .sort((a, b) => a.failureMs - b.failureMs);
      expect(next).toBeDefined();
      const { id, scenario, failureMs, resetMs } = next!;

      const events = async () => {
        const res = await server!.inject({ method: 'GET', url: `/api/devices/${id}/events`, token: admin });
        return (res.json() as { items: DeviceEvent[] }).items;
      };
      // The plant checks its machines every 5 s; let it see this one healthy first.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      expect(await events()).toEqual([]);

      clock.set(failureMs + 60_000);
      await expect.poll(async () => (await events()).length, { timeout: 15_000, interval: 250 }).toBe(1);
      clock.set(resetMs + 60_000);
      await expect.poll(async () => (await events()).length, { timeout: 15_000, interval: 250 }).toBe(2);

      const [repair, failure] = await events();
      expect(failure).toMatchObject({ type: 'failure', failure_mode: scenario, created_by: 'simulator' });
      expect(Date.parse(failure!.ts)).toBe(failureMs);
      expect(repair).toMatchObject({ type: 'repair', failure_mode: null, created_by: 'simulator' });
      expect(Date.parse(repair!.ts)).toBeGreaterThanOrEqual(resetMs);

      const audit = (
        await server.inject({
          method: 'GET',
          url: '/api/audit?actor=simulator&action=device.event&limit=500',
          token: admin,
        })
      ).json() as { items: Array<{ target: string | null; detail: string | null }> };
      expect(audit.items.filter((e) => e.target === id).map((e) => e.detail?.split(' ')[0])).toEqual([
        'repair',
        'failure',
      ]);
    },
  );
});
