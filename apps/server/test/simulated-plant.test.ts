import fs from 'node:fs';
import path from 'node:path';
import type { AssetStatus, AssetTree } from '@dtwin/contracts/assets';
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

    // The plant as assets: site → areas → lines → machines, every device attached.
    const tree = (
      await server.inject({ method: 'GET', url: '/api/assets/riverside/tree', token: admin })
    ).json() as AssetTree;
    const nodes: Array<AssetTree & { depth: number }> = [];
    const walk = (n: AssetTree, depth: number) => {
      nodes.push({ ...n, depth });
      n.children.forEach((c) => walk(c, depth + 1));
    };
    walk(tree, 1);
    expect(tree).toMatchObject({ name: 'Riverside plant', type: 'site' });
    expect(tree.children.map((c) => c.type)).toEqual(expect.arrayContaining(['area', 'area']));
    expect(tree.children.every((c) => c.type === 'area' && c.children.length > 0)).toBe(true);
    expect(nodes.filter((n) => n.type === 'line').map((n) => n.depth)).not.toHaveLength(0);
    expect(new Set(nodes.filter((n) => n.type === 'line').map((n) => n.depth))).toEqual(new Set([3]));
    const machines = nodes.filter((n) => n.type === 'machine');
    expect(machines.map((m) => m.depth)).toEqual([4, 4, 4]);
    expect(machines.every((m) => m.devices.length === 1)).toBe(true);
    const attached = nodes.flatMap((n) => n.devices.map((d) => d.id)).sort();
    expect(attached).toEqual(items.map((d) => d.id).sort());
    const pumpHouse = nodes.find((n) => n.name === 'Pump house')!;
    expect(pumpHouse.children.flatMap((m) => m.devices.map((d) => d.id))).toContain(pump.id);
    const status = (
      await server.inject({ method: 'GET', url: '/api/assets/riverside/status', token: admin })
    ).json() as AssetStatus;
    expect(status.devices).toBe(8);
    expect(status.online).toBeGreaterThanOrEqual(7);
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
