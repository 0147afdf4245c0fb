import type { Alert } from '@dtwin/contracts/alerts';
import type { AssetStatus } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import type { DeviceHealth } from '@dtwin/contracts/health';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../src/lib/domain-events';
import { HOUR, tokens, TUESDAY } from './predictions-fixture';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const T0 = TUESDAY + 8 * HOUR;

function constant(deviceId: string, values: Record<string, number>, from: number, to: number): Reading[] {
  const out: Reading[] = [];
  for (let t = from; t < to; t += 10_000)
    for (const [metric, value] of Object.entries(values)) out.push({ deviceId, metric, ts: t, value });
  return out;
}

/**
 * site → line-a (METER at 7 kW, HOT at 100 °C: a critical alert), line-b (PUMP at low
 * efficiency: an info alert; SPARE in maintenance, never reported), empty (no device).
 */
describe.each(dialects)("an asset's rolled-up status on $name", ({ name, skip }) => {
  let server: TestServer;
  let admin: () => Promise<string>;
  const get = async <T>(url: string): Promise<T> => {
    const res = await server.inject({ method: 'GET', url, token: await admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const status = (id: string) => get<AssetStatus>(`/api/assets/${id}/status`);

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(name);
    server.clock.set(T0 - HOUR);
    admin = tokens(server, ADMIN.username, ADMIN.password);
    const token = await admin();
    for (const a of [
      { id: 'site', name: 'Site', type: 'site' },
      { id: 'line-a', name: 'Line A', type: 'line', parent_id: 'site' },
      { id: 'line-b', name: 'Line B', type: 'line', parent_id: 'site' },
      { id: 'empty', name: 'Empty', type: 'line', parent_id: 'site' },
    ])
      await server.inject({ method: 'POST', url: '/api/assets', token, payload: a });
    for (const [id, model, asset] of [
      ['METER', 'power_meter', 'line-a'],
      ['HOT', 'temperature_sensor', 'line-a'],
      ['PUMP', 'centrifugal_pump', 'line-b'],
      ['SPARE', 'temperature_sensor', 'line-b'],
    ] as const) {
      await registerDevice(server, token, { id, model });
      const res = await server.inject({
        method: 'PATCH',
        url: `/api/devices/${id}`,
        token,
        payload: { asset_id: asset, ...(id === 'SPARE' ? { maintenance_mode: true } : {}) },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const id of ['METER', 'HOT', 'PUMP'])
      await server.container.twin.reportProperties(id, { sample_interval_s: 10 });
    const pump = {
      vibration: 1.3,
      bearing_temperature: 45,
      discharge_pressure: 6,
      flow: 60,
      motor_current: 30,
      power: 20,
      efficiency: 65,
    };
    for (let h = 0; h < 2; h++) {
      server.clock.set(T0 + (h + 1) * HOUR);
      const from = T0 + h * HOUR;
      const to = from + HOUR;
      await server.container.telemetry.store([
        ...constant('METER', { power: 7000 }, from, to),
        ...constant('HOT', { temperature: 100 }, from, to),
        ...constant('PUMP', pump, from, to),
      ]);
      await server.container.telemetry.flush();
    }
    await server.container.twin.flush();
    for (const id of ['METER', 'HOT', 'PUMP', 'SPARE']) await server.container.health.recompute(id);
  }, 90_000);
  afterAll(async () => {
    if (!skip) await server.close();
  });

  /** What the status of these devices must be, worked out from the per-device API. */
  async function expected(ids: string[]) {
    const devices = await Promise.all(ids.map((id) => get<{ device: Device }>(`/api/devices/${id}`)));
    const scores: number[] = [];
    for (const id of ids) {
      const res = await server.inject({
        method: 'GET',
        url: `/api/devices/${id}/health`,
        token: await admin(),
      });
      if (res.statusCode === 200) scores.push((res.json() as DeviceHealth).score);
    }
    const alerts = { info: 0, warning: 0, critical: 0 };
    for (const id of ids) {
      const list = await get<{ items: Alert[] }>(`/api/alerts?device_id=${id}&state=active,acknowledged`);
      for (const a of list.items) alerts[a.severity] += 1;
    }
    return {
      devices: ids.length,
      online: devices.filter((d) => d.device.connectivity === 'online').length,
      scores,
      alerts,
    };
  }

  it.skipIf(skip)('counts devices, online ones and open alerts over the subtree', async () => {
    const site = await status('site');
    const all = await expected(['METER', 'HOT', 'PUMP', 'SPARE']);
    expect(site.devices).toBe(4);
    expect(site.online).toBe(all.online);
    expect(site.online).toBe(3);
    expect(site.active_alerts).toEqual(all.alerts);
    expect(site.active_alerts.critical).toBeGreaterThanOrEqual(1);
    expect(site.active_alerts.info).toBeGreaterThanOrEqual(1);

    const lineB = await status('line-b');
    const b = await expected(['PUMP', 'SPARE']);
    expect(lineB).toMatchObject({ devices: 2, online: 1, active_alerts: b.alerts });
    expect(lineB.active_alerts.critical).toBe(0);
  });

  it.skipIf(skip)('takes the worst condition: critical above maintenance above normal', async () => {
    expect((await status('site')).condition).toBe('critical');
    expect((await status('line-a')).condition).toBe('critical');
    // The pump's readings put it at warning, which outranks the spare's maintenance.
    const conditionOf = async (id: string) =>
      (await get<{ device: Device }>(`/api/devices/${id}`)).device.condition;
    expect([await conditionOf('PUMP'), await conditionOf('SPARE')]).toEqual(['warning', 'maintenance']);
    expect((await status('line-b')).condition).toBe('warning');
    // Alone, the spare in maintenance outranks a normal line.
    const token = await admin();
    await server.inject({ method: 'PATCH', url: '/api/devices/PUMP', token, payload: { asset_id: 'site' } });
    expect((await status('line-b')).condition).toBe('maintenance');
    await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP',
      token,
      payload: { asset_id: 'line-b' },
    });
  });

  it.skipIf(skip)(
    'weighs health by device count: the mean of every scored device, and the minimum',
    async () => {
      const site = await status('site');
      const { scores } = await expected(['METER', 'HOT', 'PUMP', 'SPARE']);
      expect(site.health.scored).toBe(scores.length);
      expect(scores.length).toBeGreaterThanOrEqual(3);
      expect(site.health.mean).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 1);
      expect(site.health.min).toBe(Math.min(...scores));
      // The site's mean is its lines' means weighted by how many scored devices each has.
      const [a, b] = [await status('line-a'), await status('line-b')];
      const weighted =
        (a.health.mean! * a.health.scored + b.health.mean! * b.health.scored) /
        (a.health.scored + b.health.scored);
      expect(site.health.mean).toBeCloseTo(weighted, 0);
      expect(site.health.min).toBe(Math.min(a.health.min!, b.health.min!));
    },
  );

  it.skipIf(skip)('an asset without devices has nothing to roll up; an unknown one is 404', async () => {
    expect(await status('empty')).toEqual({
      devices: 0,
      online: 0,
      condition: null,
      health: { mean: null, min: null, scored: 0 },
      active_alerts: { info: 0, warning: 0, critical: 0 },
    });
    const res = await server.inject({ method: 'GET', url: '/api/assets/ghost/status', token: await admin() });
    expect(res.statusCode).toBe(404);
  });
});
