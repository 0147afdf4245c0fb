import type { Dashboard } from '@dtwin/contracts/dashboard';
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
 * A small plant whose numbers can be worked out by hand:
 * - METER: a power meter at 7000 W (above its 5000 W normal maximum) for 3 hours → 21 kWh;
 * - PUMP: a pump drawing 20 kW at 65 % efficiency (below its 70 % minimum) for the last 2 hours → 40 kWh;
 * - SPARE: a temperature sensor that never reported.
 * Energy over the last 24 h: 61 kWh, at 0.20 per kWh: 12.20.
 */
describe.each(dialects)('the dashboard on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: () => Promise<string>;
  let dashboard: Dashboard;
  const healthOf = async (id: string) =>
    (
      await server.inject({ method: 'GET', url: `/api/devices/${id}/health`, token: await admin() })
    ).json() as DeviceHealth;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(name, { ENERGY_PRICE_PER_KWH: '0.2' });
    server.clock.set(T0 - HOUR);
    admin = tokens(server, ADMIN.username, ADMIN.password);
    await registerDevice(server, await admin(), { id: 'METER', model: 'power_meter' });
    await registerDevice(server, await admin(), { id: 'PUMP', model: 'centrifugal_pump' });
    await registerDevice(server, await admin(), { id: 'SPARE', model: 'temperature_sensor' });
    for (const id of ['METER', 'PUMP'])
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
    for (let h = 0; h < 3; h++) {
      server.clock.set(T0 + (h + 1) * HOUR);
      const readings = constant('METER', { power: 7000 }, T0 + h * HOUR, T0 + (h + 1) * HOUR);
      if (h >= 1) readings.push(...constant('PUMP', pump, T0 + h * HOUR, T0 + (h + 1) * HOUR));
      await server.container.telemetry.store(readings);
      await server.container.telemetry.flush();
    }
    await server.container.twin.flush();
    for (const id of ['METER', 'PUMP', 'SPARE']) {
      await server.container.health.recompute(id);
      await server.container.recommendations.recompute(id);
    }
    const res = await server.inject({ method: 'GET', url: '/api/dashboard', token: await admin() });
    expect(res.statusCode, res.body).toBe(200);
    dashboard = res.json() as Dashboard;
  }, 60_000);
  afterAll(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('integrates power over the last 24 hours, in kW whatever the unit, and prices it', () => {
    expect(dashboard.energy).toEqual({ window_h: 24, kwh: 61, cost: 12.2, price_per_kwh: 0.2, devices: 2 });
    const byHour = Object.fromEntries(dashboard.performance.map((p) => [p.hour, p.energy_kwh]));
    expect(byHour[new Date(T0).toISOString()]).toBe(7);
    expect(byHour[new Date(T0 + HOUR).toISOString()]).toBe(27);
    expect(byHour[new Date(T0 + 2 * HOUR).toISOString()]).toBe(27);
    expect(dashboard.performance).toHaveLength(25);
    expect(dashboard.performance.reduce((a, p) => a + p.energy_kwh, 0)).toBeCloseTo(61, 6);
  });

  it.skipIf(skip)('counts devices by connectivity and condition', () => {
    expect(dashboard.devices).toEqual({ total: 3, active: 2, online: 2, offline: 1, maintenance: 0 });
    const conditions = dashboard.condition_distribution;
    expect(conditions.normal + conditions.warning + conditions.critical + conditions.maintenance).toBe(3);
  });

  it.skipIf(skip)("takes the fleet's health as the mean of the devices' scores", async () => {
    const meter = await healthOf('METER');
    const pump = await healthOf('PUMP');
    // The meter: performance 60 (7 kW is 40 % of the way from 5 to 10 kW), safety 50, reliability 100,
    // no efficiency and no maintenance data: (0.3·60 + 0.25·100 + 0.15·50) / 0.7.
    expect(meter.score).toBeCloseTo(72.1, 1);
    expect(meter.status).toBe('warning');
    expect(dashboard.health.devices_scored).toBe(2);
    expect(dashboard.health.score).toBeCloseTo((meter.score + pump.score) / 2, 1);
    const dist = dashboard.health.status_distribution;
    expect(Object.values(dist).reduce((a, b) => a + b, 0)).toBe(2);
    expect(dist[meter.status]).toBeGreaterThanOrEqual(1);
    expect(dashboard.performance.at(-1)?.health).toBeCloseTo((meter.score + pump.score) / 2, 1);
  });

  it.skipIf(skip)('reports efficiency, recommendations and the alert the low efficiency raised', () => {
    expect(dashboard.efficiency).toEqual({ mean_pct: 65, devices: 1 });
    expect(
      dashboard.performance.find((p) => p.hour === new Date(T0 + HOUR).toISOString())?.efficiency_pct,
    ).toBe(65);
    expect(
      dashboard.performance.find((p) => p.hour === new Date(T0).toISOString())?.efficiency_pct,
    ).toBeNull();
    // The meter is outside its normal range, the pump's efficiency below its own.
    expect(dashboard.recommendations.open).toBe(2);
    expect(dashboard.recent_alerts.map((a) => [a.device_id, a.severity])).toEqual([['PUMP', 'info']]);
    expect(dashboard.recent_alerts[0]?.title).toMatch(/efficiency/i);
  });
});
