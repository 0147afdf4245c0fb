import type { ComputedMetric } from '@dtwin/contracts/computed-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('computed metrics of devices on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  const tokens: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, token = admin) =>
    server.inject({ method, url, token, ...(payload ? { payload } : {}) });

  const define = (device: string, metric: string, expression: string, unit = '') =>
    call('POST', `/api/devices/${device}/metrics`, { name: metric, unit, expression });

  const metricsOf = async (device: string) => {
    const res = await call('GET', `/api/devices/${device}/metrics`);
    expect(res.statusCode).toBe(200);
    return Object.fromEntries((res.json() as { items: ComputedMetric[] }).items.map((m) => [m.name, m]));
  };

  /** Readings are evaluated in the background: wait until the evaluator has caught up with them. */
  async function settle() {
    for (let i = 0; i < 50; i++) {
      await server.container.computedMetricEvaluator.settled();
      await new Promise((resolve) => setTimeout(resolve, 10));
      await server.container.computedMetricEvaluator.settled();
    }
  }

  async function send(deviceId: string, metrics: Record<string, number>) {
    const res = await postTelemetry(server, deviceId, tokens[deviceId]!, { ts: server.clock.now(), metrics });
    expect(res.statusCode).toBe(200);
  }

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    for (const id of ['PUMP_1', 'PUMP_2'])
      tokens[id] = await registerDevice(server, admin, { id, model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('computes from the device readings as they arrive and charts the series', async () => {
    await send('PUMP_1', { power: 10, flow: 40 });
    await settle();
    // Defined after a reading: evaluated at once from the device's latest values.
    const created = await define('PUMP_1', 'specific_energy', 'power / flow', 'kWh/m³');
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'specific_energy',
      unit: 'kWh/m³',
      expression: 'power / flow',
      value: 0.25,
    });
    expect(
      (await define('PUMP_1', 'bearing_margin', 'max(90 - bearing_temperature, 0)', '°C')).statusCode,
    ).toBe(201);
    expect((await define('PUMP_1', 'specific_energy_wh', 'specific_energy * 1000')).statusCode).toBe(201);

    server.clock.advance(6000);
    await send('PUMP_1', { power: 12, flow: 40, bearing_temperature: 60 });
    await send('PUMP_2', { power: 50, flow: 50 });
    await settle();
    const pump = await metricsOf('PUMP_1');
    expect(pump.specific_energy!.value).toBeCloseTo(0.3);
    expect(pump.bearing_margin!.value).toBe(30);
    expect(pump.specific_energy_wh!.value).toBeCloseTo(300);
    expect(await metricsOf('PUMP_2')).toEqual({});

    server.clock.advance(1000);
    const res = await call('GET', '/api/devices/PUMP_1/telemetry?metric=specific_energy');
    expect(res.statusCode, res.body).toBe(200);
    const series = res.json() as {
      metric: string;
      unit: string;
      step: string;
      points: Array<{ value: number }>;
    };
    expect(series).toMatchObject({ metric: 'specific_energy', unit: 'kWh/m³', step: 'raw' });
    expect(series.points.map((p) => p.value)).toEqual([0.25, expect.closeTo(0.3)]);
    const hourly = await call('GET', '/api/devices/PUMP_1/telemetry?metric=specific_energy&step=1h');
    const [bucket] = (hourly.json() as { points: Array<{ min: number; max: number; count: number }> }).points;
    expect(bucket).toMatchObject({ min: 0.25, count: 2 });
    // Measured metrics are charted as before; another device has no such computed metric.
    const measured = await call('GET', '/api/devices/PUMP_1/telemetry?metric=power');
    expect((measured.json() as { points: Array<{ value: number }> }).points.map((p) => p.value)).toEqual([
      10, 12,
    ]);
    expect((await call('GET', '/api/devices/PUMP_2/telemetry?metric=specific_energy')).statusCode).toBe(404);
  });

  it.skipIf(skip)('refuses a bad definition with 400 naming the problem', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['ratio', 'power / no_such_metric', /unknown metric 'no_such_metric'.*centrifugal_pump/],
      ['ratio', 'sum(devices.power)', /'devices.power' is not allowed on a device/],
      ['ratio', 'mean(children.flow)', /'children.flow' is not allowed on a device/],
      ['ratio', 'power +* 2', /syntax error at position 8/],
      ['ratio', 'eval(power)', /unknown function 'eval'/],
      ['ratio', 'ratio * 2', /cannot refer to itself/],
      ['power', 'flow * 2', /'power' is a measured metric of model 'centrifugal_pump'/],
    ];
    for (const [metric, expression, message] of cases) {
      const res = await define('PUMP_1', metric, expression);
      expect(res.statusCode, expression).toBe(400);
      const { error } = res.json() as { error: { message: string; fields?: Record<string, string> } };
      expect(error.message, expression).toMatch(message);
      expect(Object.values(error.fields ?? {}).join(), expression).toMatch(message);
    }
    expect((await define('PUMP_1', 'Bad Name', 'power')).statusCode).toBe(400);
    expect((await define('NO_SUCH_DEVICE', 'x', 'power')).statusCode).toBe(404);
    expect(await metricsOf('PUMP_1')).toEqual({});
  });

  it.skipIf(skip)('only admins write; conflicts, deletion and the audit trail', async () => {
    await call('POST', '/api/users', {
      username: 'viewer-1',
      password: 'viewer-password-long',
      role: 'viewer',
    });
    const viewer = await server.login('viewer-1', 'viewer-password-long');
    const denied = await call(
      'POST',
      '/api/devices/PUMP_1/metrics',
      { name: 'x', expression: 'power' },
      viewer,
    );
    expect(denied.statusCode).toBe(403);
    expect((await call('GET', '/api/devices/PUMP_1/metrics', undefined, viewer)).statusCode).toBe(200);

    expect((await define('PUMP_1', 'base', 'power * 2')).statusCode).toBe(201);
    expect((await define('PUMP_1', 'base', 'flow')).statusCode).toBe(409);
    expect((await define('PUMP_1', 'double', 'base * 2')).statusCode).toBe(201);
    const inUse = await call('DELETE', '/api/devices/PUMP_1/metrics/base');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.body).toMatch(/used by double/);
    expect((await call('DELETE', '/api/devices/PUMP_1/metrics/double', undefined, viewer)).statusCode).toBe(
      403,
    );
    expect((await call('DELETE', '/api/devices/PUMP_1/metrics/double')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/devices/PUMP_1/metrics/double')).statusCode).toBe(404);
    expect(Object.keys(await metricsOf('PUMP_1'))).toEqual(['base']);

    const audit = await call('GET', '/api/audit?target=PUMP_1');
    const actions = (audit.json() as { items: Array<{ action: string; detail: string }> }).items.map(
      (a) => `${a.action} ${a.detail}`,
    );
    expect(actions).toContain('device.metric_created base = power * 2');
    expect(actions).toContain('device.metric_deleted double');
  });

  it.skipIf(skip)("an alert rule on a device's computed metric fires like on a reading", async () => {
    expect((await define('PUMP_1', 'specific_energy', 'power / flow', 'kWh/m³')).statusCode).toBe(201);
    const rule = (scope: object, metric = 'specific_energy') =>
      call('POST', '/api/alert-rules', {
        name: 'Pump inefficient',
        scope,
        metric,
        operator: '>',
        threshold: 0.4,
        severity: 'warning',
      });
    // PUMP_2 has no such computed metric; a model-wide rule is fine (PUMP_1 is one).
    expect((await rule({ device_id: 'PUMP_2' })).statusCode).toBe(400);
    expect((await rule({ model: 'centrifugal_pump' })).statusCode).toBe(201);
    const created = await rule({ device_id: 'PUMP_1' });
    expect(created.statusCode, created.body).toBe(201);

    await send('PUMP_1', { power: 12, flow: 40 });
    await settle();
    const quiet = await call('GET', '/api/alerts?state=active');
    expect((quiet.json() as { items: unknown[] }).items).toHaveLength(0);

    server.clock.advance(6000);
    await send('PUMP_1', { power: 25, flow: 50 });
    await settle();
    const res = await call('GET', '/api/alerts?state=active');
    const alerts = (res.json() as { items: Array<{ device_id: string; metric: string; value: number }> })
      .items;
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts)
      expect(alert).toMatchObject({ device_id: 'PUMP_1', metric: 'specific_energy', value: 0.5 });
  });

  it.skipIf(skip)("an asset aggregates its devices' computed metrics like measured ones", async () => {
    const asset = await call('POST', '/api/assets', { id: 'PUMP_HOUSE', name: 'Pump house', type: 'line' });
    expect(asset.statusCode, asset.body).toBe(201);
    for (const id of ['PUMP_1', 'PUMP_2']) {
      expect((await call('PATCH', `/api/devices/${id}`, { asset_id: 'PUMP_HOUSE' })).statusCode).toBe(200);
      expect((await define(id, 'specific_energy', 'power / flow', 'kWh/m³')).statusCode).toBe(201);
    }
    const mean = await call('POST', '/api/assets/PUMP_HOUSE/metrics', {
      name: 'mean_specific_energy',
      unit: 'kWh/m³',
      expression: 'mean(devices.specific_energy)',
    });
    expect(mean.statusCode, mean.body).toBe(201);

    await send('PUMP_1', { power: 10, flow: 40 });
    await send('PUMP_2', { power: 20, flow: 40 });
    await settle();
    server.clock.advance(6000);
    await server.container.computedMetricEvaluator.tick();
    await settle();
    const res = await call('GET', '/api/assets/PUMP_HOUSE/metrics');
    const [item] = (res.json() as { items: ComputedMetric[] }).items;
    expect(item!.value).toBeCloseTo((0.25 + 0.5) / 2);
  });

  it.skipIf(skip)('goes with its device: definitions and series', async () => {
    expect((await define('PUMP_1', 'specific_energy', 'power / flow')).statusCode).toBe(201);
    await send('PUMP_1', { power: 10, flow: 40 });
    await settle();
    expect((await metricsOf('PUMP_1')).specific_energy!.value).toBe(0.25);
    const kept = await server.container.database.db.selectFrom('computed_readings').selectAll().execute();
    expect(kept).toHaveLength(1);

    expect((await call('DELETE', '/api/devices/PUMP_1')).statusCode).toBe(204);
    expect(await server.container.database.db.selectFrom('computed_metrics').selectAll().execute()).toEqual(
      [],
    );
    expect(await server.container.database.db.selectFrom('computed_readings').selectAll().execute()).toEqual(
      [],
    );
    // A new device of the same id starts without them.
    tokens.PUMP_1 = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    expect(await metricsOf('PUMP_1')).toEqual({});
  });
});
