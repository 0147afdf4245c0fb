import type { DeviceHealth, HealthHistory } from '@dtwin/contracts/health';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import type { Reading } from '../src/lib/domain-events';
import { HOUR, MINUTE, tokens, TUESDAY } from './predictions-fixture';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const pumpValues: Record<string, number> = {
  vibration: 1.3,
  bearing_temperature: 45,
  discharge_pressure: 6,
  flow: 60,
  motor_current: 30,
  power: 18,
  efficiency: 80,
};

/** A pump reporting every 10 s over [from, to), `override` changing some metrics. */
function pump(
  deviceId: string,
  from: number,
  to: number,
  override: Record<string, (t: number) => number> = {},
): Reading[] {
  const out: Reading[] = [];
  for (let t = from; t < to; t += 10_000) {
    for (const [metric, v] of Object.entries(pumpValues))
      out.push({ deviceId, metric, ts: t, value: override[metric]?.(t) ?? v + 0.01 * Math.sin(t / 50_000) });
  }
  return out;
}

describe.each(dialects)('device health on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: () => Promise<string>;
  const health = async (id = 'PUMP_1') => {
    const res = await server.inject({
      method: 'GET',
      url: `/api/devices/${id}/health`,
      token: await admin(),
    });
    return { status: res.statusCode, body: res.json() as DeviceHealth };
  };
  const store = async (readings: Reading[], to: number) => {
    server.clock.set(to);
    await server.container.telemetry.store(readings);
    await server.container.telemetry.flush();
  };

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name, { HEALTH_WEIGHTS: '3,2.5,2,1.5,1' });
    server.clock.set(TUESDAY - HOUR);
    admin = tokens(server, ADMIN.username, ADMIN.password);
    await registerDevice(server, await admin(), { id: 'PUMP_1', model: 'centrifugal_pump' });
    await server.container.twin.reportProperties('PUMP_1', { sample_interval_s: 10 });
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'has none before the device reports, then scores a pump running well as excellent',
    async () => {
      expect((await health()).status).toBe(404);
      expect(await server.container.health.recompute('PUMP_1')).toBeNull();
      await store(pump('PUMP_1', TUESDAY, TUESDAY + HOUR), TUESDAY + HOUR);
      await server.container.health.recompute('PUMP_1');
      const { status, body } = await health();
      expect(status).toBe(200);
      expect(body).toMatchObject({
        device_id: 'PUMP_1',
        score: 100,
        status: 'excellent',
        trend: 'stable',
        computed_at: new Date(TUESDAY + HOUR).toISOString(),
        maintenance_mode: false,
      });
      // HEALTH_WEIGHTS are scaled to sum to 1.
      expect(Object.fromEntries(Object.entries(body.components).map(([k, c]) => [k, c.weight]))).toEqual({
        performance: 0.3,
        reliability: 0.25,
        efficiency: 0.2,
        safety: 0.15,
        maintenance: 0.1,
      });
      expect(body.components.maintenance).toMatchObject({ score: null, applied_weight: 0 });
      expect((await health('NOPE')).status).toBe(404);
    },
  );

  it.skipIf(skip)('drops reliability for a gap in the data, and says how long', async () => {
    await store(pump('PUMP_1', TUESDAY, TUESDAY + 30 * MINUTE), TUESDAY + 30 * MINUTE);
    await store(pump('PUMP_1', TUESDAY + 50 * MINUTE, TUESDAY + 60 * MINUTE), TUESDAY + 60 * MINUTE);
    await server.container.health.recompute('PUMP_1');
    const { body } = await health();
    // 40 of the 60 minutes arrived. (The anomaly detector's part of reliability comes on top.)
    const data = body.components.reliability.drivers.find((d) => d.kind === 'data');
    expect(data).toMatchObject({ metric: null, value: expect.closeTo(0.667, 2) as number });
    expect(data?.detail).toContain('longest gap 20 min');
    expect(body.components.reliability.score).toBeLessThanOrEqual(100 * (0.6 * 0.667 + 0.4) + 0.1);
    expect(body.score).toBeLessThan(95);
  });

  it.skipIf(skip)(
    'counts readings from before the device was created as its history, not as downtime',
    async () => {
      // Created at the end of an hour of imported history, judged 30 s later.
      server.clock.set(TUESDAY + HOUR);
      await registerDevice(server, await admin(), { id: 'PUMP_2', model: 'centrifugal_pump' });
      await server.container.twin.reportProperties('PUMP_2', { sample_interval_s: 10 });
      await store(pump('PUMP_2', TUESDAY, TUESDAY + HOUR), TUESDAY + HOUR + 30_000);
      await server.container.health.recompute('PUMP_2');
      const { body } = await health('PUMP_2');
      // 360 of the 363 readings expected over the last hour.
      expect(body.components.reliability.score).toBeGreaterThan(98);
      expect(body.window.from).toBe(new Date(TUESDAY + 30_000).toISOString());
      expect(body.status).toBe('excellent');
    },
  );

  it.skipIf(skip)('gives no reliability score before one reporting interval has passed', async () => {
    server.clock.set(TUESDAY + HOUR);
    await registerDevice(server, await admin(), { id: 'PUMP_3', model: 'centrifugal_pump' });
    await server.container.twin.reportProperties('PUMP_3', { sample_interval_s: 10 });
    await store(pump('PUMP_3', TUESDAY + HOUR + 1000, TUESDAY + HOUR + 2000), TUESDAY + HOUR + 5000);
    await server.container.health.recompute('PUMP_3');
    const { body } = await health('PUMP_3');
    expect(body.components.reliability).toMatchObject({ score: null, applied_weight: 0 });
    expect(body.components.reliability.summary).toContain('too early to judge');
    expect(body.status).toBe('excellent');
  });

  it.skipIf(skip)(
    'shows the metric that pulls it down, stores a history and reads a degrading trend from it',
    async () => {
      await store(pump('PUMP_1', TUESDAY, TUESDAY + HOUR), TUESDAY + HOUR);
      await server.container.health.recompute('PUMP_1');
      // Bearing temperature climbs from 45 to 85 °C over 40 minutes (normal ≤ 70, critical 90).
      const start = TUESDAY + HOUR;
      for (let m = 0; m < 40; m += 5) {
        const from = start + m * MINUTE;
        await store(
          pump('PUMP_1', from, from + 5 * MINUTE, {
            bearing_temperature: (t) => 45 + (40 * (t - start)) / (40 * MINUTE),
          }),
          from + 5 * MINUTE,
        );
        await server.container.health.recompute('PUMP_1');
      }
      const { body } = await health();
      expect(body.trend).toBe('degrading');
      expect(body.trend_points_per_h).toBeLessThan(-5);
      expect(body.components.performance.drivers[0]).toMatchObject({
        kind: 'level',
        metric: 'bearing_temperature',
      });
      expect(body.components.performance.drivers[0]?.detail).toContain(
        'above its normal range (30.0–70.0 °C)',
      );
      expect(body.components.safety.drivers[0]?.metric).toBe('bearing_temperature');
      expect(body.score).toBeLessThan(90);

      const res = await server.inject({
        method: 'GET',
        url: `/api/devices/PUMP_1/health/history?from=${new Date(start).toISOString()}`,
        token: await admin(),
      });
      const history = res.json() as HealthHistory;
      expect(history.points.length).toBe(9); // the hour's end and every 5 minutes since
      expect(history.points.at(-1)?.score).toBe(body.score);
      expect(history.points[0]!.score).toBeGreaterThan(history.points.at(-1)!.score);
      expect(history.points[0]?.components).toHaveProperty('safety');
      const bad = await server.inject({
        method: 'GET',
        url: `/api/devices/PUMP_1/health/history?from=${new Date(start).toISOString()}&to=${new Date(start - HOUR).toISOString()}`,
        token: await admin(),
      });
      expect(bad.statusCode).toBe(400);
    },
  );

  it.skipIf(skip)(
    'counts anomalous readings when the detector reports scores, and announces each score',
    async () => {
      const updates: Array<{ score: number; status: string }> = [];
      server.container.bus.on(
        'health.updated',
        (e) => void updates.push({ score: e.score, status: e.status }),
      );
      await store(pump('PUMP_1', TUESDAY, TUESDAY + HOUR), TUESDAY + HOUR);
      // The detector has scored every stored row already; 60 more scores, 40 of them anomalous.
      const before = server.container.anomalyRate.rate('PUMP_1', TUESDAY + HOUR);
      for (let i = 0; i < 60; i++) {
        await server.container.bus.emit('anomaly.scored', {
          deviceId: 'PUMP_1',
          ts: TUESDAY + HOUR - i * 10_000,
          score: i < 40 ? 0.95 : 0.1,
        });
      }
      const after = server.container.anomalyRate.rate('PUMP_1', TUESDAY + HOUR);
      expect(after?.scored).toBe((before?.scored ?? 0) + 60);
      expect(after?.rate).toBeGreaterThanOrEqual(40 / (60 + (before?.scored ?? 0)));
      const rate = after?.rate ?? 0;
      const h = await server.container.health.recompute('PUMP_1');
      // Complete data: 0.6·1 + 0.4·(1 − rate / 0.2).
      expect(h?.components.reliability.score).toBeCloseTo(
        100 * (0.6 + 0.4 * (1 - Math.min(1, rate / 0.2))),
        0,
      );
      expect(h?.components.reliability.drivers[0]).toMatchObject({ kind: 'anomaly', value: rate });
      expect(updates).toEqual([{ score: h?.score, status: h?.status }]);
    },
  );

  it.skipIf(skip)('refuses bad weights at start', () => {
    expect(() => parseConfig({ HEALTH_WEIGHTS: '1,2,3' })).toThrow(/HEALTH_WEIGHTS/);
    expect(() => parseConfig({ HEALTH_WEIGHTS: '0,0,0,0,0' })).toThrow(/HEALTH_WEIGHTS/);
    expect(parseConfig({ ENERGY_PRICE_PER_KWH: '0.2' }).energyPricePerKwh).toBe(0.2);
  });
});
