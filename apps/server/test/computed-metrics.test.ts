import type { ComputedMetric } from '@dtwin/contracts/computed-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

describe.each(dialects)('computed metrics of assets on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  const tokens: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, token = admin) =>
    server.inject({ method, url, token, ...(payload ? { payload } : {}) });

  const define = (asset: string, metric: string, expression: string, unit = '') =>
    call('POST', `/api/assets/${asset}/metrics`, { name: metric, unit, expression });

  const metricsOf = async (asset: string) => {
    const res = await call('GET', `/api/assets/${asset}/metrics`);
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
    for (const [id, type, parent] of [
      ['SITE_1', 'site', undefined],
      ['LINE_A', 'line', 'SITE_1'],
      ['PUMP_STATION_1', 'machine', 'LINE_A'],
      ['PUMP_STATION_2', 'machine', 'LINE_A'],
    ] as const) {
      const res = await call('POST', '/api/assets', {
        id,
        name: id,
        type,
        ...(parent ? { parent_id: parent } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    for (const [id, asset] of [
      ['PUMP_1', 'PUMP_STATION_1'],
      ['PUMP_2', 'PUMP_STATION_2'],
    ] as const) {
      tokens[id] = await registerDevice(server, admin, { id, model: 'centrifugal_pump' });
      const res = await call('PATCH', `/api/devices/${id}`, { asset_id: asset });
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'computes each level from real readings (machines, then the line from its children and devices) and charts the series',
    async () => {
      for (const station of ['PUMP_STATION_1', 'PUMP_STATION_2'])
        expect((await define(station, 'power', 'sum(devices.power)', 'kW')).statusCode).toBe(201);
      expect((await define('LINE_A', 'total_power', 'sum(children.power)', 'kW')).statusCode).toBe(201);
      expect((await define('LINE_A', 'total_flow', 'sum(devices.flow)', 'm³/h')).statusCode).toBe(201);
      const created = await define('LINE_A', 'energy_per_flow', 'total_power / total_flow', 'kWh/m³');
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ name: 'energy_per_flow', unit: 'kWh/m³', value: null });
      expect((await define('SITE_1', 'vibration_mean', 'mean(devices.vibration)', 'mm/s')).statusCode).toBe(
        201,
      );

      await send('PUMP_1', { power: 12, flow: 40, vibration: 1 });
      await send('PUMP_2', { power: 18, flow: 60, vibration: 2 });
      await settle();
      // PUMP_1's reading evaluated the line at once; PUMP_2's, moments later, waits for the
      // line's minimum interval (coalesced), and counts at the next tick after it.
      expect((await metricsOf('LINE_A')).total_power!.value).toBe(12);
      server.clock.advance(6000);
      await server.container.computedMetricEvaluator.tick();
      await settle();
      let line = await metricsOf('LINE_A');
      expect(line.total_power!.value).toBe(30);
      expect(line.total_flow!.value).toBe(100);
      expect(line.energy_per_flow!.value).toBeCloseTo(0.3);
      expect((await metricsOf('SITE_1')).vibration_mean!.value).toBe(1.5);

      server.clock.advance(6000);
      await send('PUMP_2', { power: 28, flow: 70 });
      await settle();
      line = await metricsOf('LINE_A');
      expect(line.total_power!.value).toBe(40);
      expect(line.energy_per_flow!.value).toBeCloseTo(40 / 110);

      server.clock.advance(1000);
      const res = await call('GET', '/api/assets/LINE_A/telemetry?metric=total_power');
      expect(res.statusCode).toBe(200);
      const series = res.json() as { unit: string; step: string; points: Array<{ value: number }> };
      expect(series.unit).toBe('kW');
      expect(series.step).toBe('raw');
      expect(series.points.map((p) => p.value).slice(-2)).toEqual([30, 40]);
      const hourly = await call('GET', '/api/assets/LINE_A/telemetry?metric=total_power&step=1h');
      const [bucket] = (hourly.json() as { points: Array<{ min: number; max: number; count: number }> })
        .points;
      expect(bucket).toMatchObject({ min: 30, max: 40 });

      const unknown = await call('GET', '/api/assets/LINE_A/telemetry?metric=nothing_here');
      expect(unknown.statusCode).toBe(404);
    },
  );

  it.skipIf(skip)('refuses a bad expression with 400 naming the problem', async () => {
    expect((await define('PUMP_STATION_1', 'power', 'sum(devices.power)')).statusCode).toBe(201);
    const cases: Array<[string, RegExp]> = [
      ['power +* 2', /syntax error at position 8/],
      ['eval(power)', /unknown function 'eval'/],
      ['power / missing', /unknown reference 'missing'/],
      ['sum(children.flow)', /unknown reference 'children.flow'/],
      ['sum(devices.no_such_metric)', /unknown reference 'devices.no_such_metric'/],
      ['constructor.constructor', /only allowed inside sum/],
      ['power > 1 ? 1 : 0', /not allowed/],
      ['abs('.repeat(40) + 'power' + ')'.repeat(40), /nested too deeply/],
    ];
    for (const [expression, message] of cases) {
      const res = await define('PUMP_STATION_1', 'bad', expression);
      expect(res.statusCode, expression).toBe(400);
      const { error } = res.json() as {
        error: { code: string; message: string; fields?: { expression?: string } };
      };
      expect(error.message, expression).toMatch(message);
      expect(error.fields?.expression ?? '', expression).toMatch(message);
    }
    expect((await define('PUMP_STATION_1', 'bad', 'x'.repeat(501))).statusCode).toBe(400);
    expect((await define('PUMP_STATION_1', 'Bad Name', 'power')).statusCode).toBe(400);
    expect((await define('NO_SUCH_ASSET', 'x', 'power')).statusCode).toBe(404);
    expect((await metricsOf('PUMP_STATION_1')).bad).toBeUndefined();
  });

  it.skipIf(skip)('bounds and protects the definitions; only admins write; audited', async () => {
    await call('POST', '/api/users', {
      username: 'viewer-1',
      password: 'viewer-password-long',
      role: 'viewer',
    });
    const viewer = await server.login('viewer-1', 'viewer-password-long');
    const denied = await call('POST', '/api/assets/LINE_A/metrics', { name: 'x', expression: '1' }, viewer);
    expect(denied.statusCode).toBe(403);
    expect((await call('GET', '/api/assets/LINE_A/metrics', undefined, viewer)).statusCode).toBe(200);

    expect((await define('LINE_A', 'base', 'sum(devices.power)')).statusCode).toBe(201);
    expect((await define('LINE_A', 'base', '1')).statusCode).toBe(409);
    expect((await define('LINE_A', 'double', 'base * 2')).statusCode).toBe(201);
    const inUse = await call('DELETE', '/api/assets/LINE_A/metrics/base');
    expect(inUse.statusCode).toBe(409);
    expect(inUse.body).toMatch(/used by double/);
    for (let i = 2; i < 20; i++) expect((await define('LINE_A', `m${i}`, `${i}`)).statusCode).toBe(201);
    const tooMany = await define('LINE_A', 'one_more', '1');
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.body).toMatch(/20 computed metrics/);

    expect((await call('DELETE', '/api/assets/LINE_A/metrics/double')).statusCode).toBe(204);
    expect((await call('DELETE', '/api/assets/LINE_A/metrics/double')).statusCode).toBe(404);
    expect((await metricsOf('LINE_A')).double).toBeUndefined();

    const audit = await call('GET', '/api/audit?target=LINE_A');
    const actions = (audit.json() as { items: Array<{ action: string; detail: string }> }).items.map(
      (a) => `${a.action} ${a.detail}`,
    );
    expect(actions).toContain('asset.metric_created base = sum(devices.power)');
    expect(actions).toContain('asset.metric_deleted double');
  });

  it.skipIf(skip)("an alert rule watches an asset's computed metric", async () => {
    expect((await define('LINE_A', 'total_power', 'sum(devices.power)', 'kW')).statusCode).toBe(201);
    const wrong = await call('POST', '/api/alert-rules', {
      name: 'Line overload',
      scope: { asset_id: 'LINE_A' },
      metric: 'no_such_metric',
      operator: '>',
      threshold: 35,
      severity: 'warning',
    });
    expect(wrong.statusCode).toBe(400);
    const rule = await call('POST', '/api/alert-rules', {
      name: 'Line overload',
      scope: { asset_id: 'LINE_A' },
      metric: 'total_power',
      operator: '>',
      threshold: 35,
      severity: 'warning',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect((rule.json() as { scope: object }).scope).toEqual({
      device_id: null,
      model: null,
      asset_id: 'LINE_A',
    });

    await send('PUMP_1', { power: 15 });
    await send('PUMP_2', { power: 15 });
    await settle();
    const quiet = await call('GET', '/api/alerts?state=active');
    expect((quiet.json() as { items: unknown[] }).items).toHaveLength(0);

    server.clock.advance(6000);
    await send('PUMP_2', { power: 25 });
    await settle();
    const res = await call('GET', '/api/alerts?state=active');
    const alerts = (
      res.json() as { items: Array<{ device_id: string; metric: string; value: number; rule_name: string }> }
    ).items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      device_id: 'LINE_A',
      metric: 'total_power',
      value: 40,
      rule_name: 'Line overload',
    });
  });
});
