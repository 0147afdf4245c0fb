import type { Alert, AlertList } from '@dtwin/contracts/alerts';
import type { AssetStatus, AssetTree } from '@dtwin/contracts/assets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

/**
 * `GET /api/alerts?asset_id=`: the alerts of an asset's subtree, those of its devices and those
 * raised by rules on the computed metrics of the asset and its sub-assets.
 *
 *   plant ─ line-a ─ station-1 (PUMP_1)
 *         └ line-b (PUMP_2)
 */
describe.each(dialects)('alerts of one asset on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  const tokens: Record<string, string> = {};

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    server.inject({ method, url, token: admin, ...(payload ? { payload } : {}) });

  async function send(deviceId: string, metrics: Record<string, number>) {
    const res = await postTelemetry(server, deviceId, tokens[deviceId]!, { ts: server.clock.now(), metrics });
    expect(res.statusCode, res.body).toBe(200);
    await server.container.telemetry.flush();
    for (let i = 0; i < 20; i++) {
      await server.container.computedMetricEvaluator.settled();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  const alertsOf = async (query: string) => {
    const res = await call('GET', `/api/alerts?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as AlertList;
    return { total: list.total, subjects: list.items.map((a: Alert) => `${a.device_id}:${a.metric}`).sort() };
  };

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    for (const [id, type, parent] of [
      ['plant', 'site', undefined],
      ['line-a', 'line', 'plant'],
      ['station-1', 'machine', 'line-a'],
      ['line-b', 'line', 'plant'],
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
      ['PUMP_1', 'station-1'],
      ['PUMP_2', 'line-b'],
    ] as const) {
      tokens[id] = await registerDevice(server, admin, { id, model: 'centrifugal_pump' });
      expect((await call('PATCH', `/api/devices/${id}`, { asset_id: asset })).statusCode).toBe(200);
    }
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)("lists the subtree's device alerts and its assets' computed-metric alerts", async () => {
    const metric = await call('POST', '/api/assets/line-a/metrics', {
      name: 'line_power',
      unit: 'kW',
      expression: 'sum(devices.power)',
    });
    expect(metric.statusCode, metric.body).toBe(201);
    for (const body of [
      { name: 'Flow too high', scope: { model: 'centrifugal_pump' }, metric: 'flow' },
      { name: 'Line overload', scope: { asset_id: 'line-a' }, metric: 'line_power' },
    ]) {
      const res = await call('POST', '/api/alert-rules', {
        ...body,
        operator: '>',
        threshold: 100,
        severity: 'critical',
      });
      expect(res.statusCode, res.body).toBe(201);
    }

    await send('PUMP_1', { flow: 150, power: 120 });
    await send('PUMP_2', { flow: 160, power: 5 });

    expect(await alertsOf('asset_id=line-a')).toEqual({
      total: 2,
      subjects: ['PUMP_1:flow', 'line-a:line_power'],
    });
    // Its message names the asset and the computed metric's unit.
    const line = (await call('GET', '/api/alerts?asset_id=line-a&device_id=line-a')).json() as AlertList;
    expect(line.items.map((a) => a.message)).toEqual(['Line power 120 kW on line-a is above 100 kW']);
    expect((await alertsOf('asset_id=plant')).subjects).toEqual([
      'PUMP_1:flow',
      'PUMP_2:flow',
      'line-a:line_power',
    ]);
    // Below the line: only the station's device; the line's own alert is its parent's.
    expect((await alertsOf('asset_id=station-1')).subjects).toEqual(['PUMP_1:flow']);
    expect((await alertsOf('asset_id=line-b')).subjects).toEqual(['PUMP_2:flow']);
    // With the other filters.
    expect((await alertsOf('asset_id=line-a&state=active&severity=critical')).total).toBe(2);
    expect((await alertsOf('asset_id=line-a&state=cleared')).total).toBe(0);
    expect((await alertsOf('asset_id=line-a&device_id=PUMP_2')).total).toBe(0);

    // The rolled-up status counts the asset's own alert too.
    const status = await call('GET', '/api/assets/line-a/status');
    expect((status.json() as AssetStatus).active_alerts).toEqual({ info: 0, warning: 0, critical: 2 });

    const tree = (await call('GET', '/api/assets/plant/tree?status=true')).json() as AssetTree;
    const critical = (node: AssetTree): Record<string, number> => ({
      [node.id]: node.status!.active_alerts.critical,
      ...Object.assign({}, ...node.children.map(critical)),
    });
    expect(critical(tree)).toEqual({ plant: 3, 'line-a': 2, 'station-1': 1, 'line-b': 1 });

    // A device moved elsewhere takes its alerts with it.
    expect((await call('PATCH', '/api/devices/PUMP_1', { asset_id: 'line-b' })).statusCode).toBe(200);
    expect((await alertsOf('asset_id=line-a')).subjects).toEqual(['line-a:line_power']);
    expect((await alertsOf('asset_id=line-b')).subjects).toEqual(['PUMP_1:flow', 'PUMP_2:flow']);
  });

  it.skipIf(skip)('answers 404 for an unknown asset and 400 for a malformed id', async () => {
    const unknown = await call('GET', '/api/alerts?asset_id=ghost');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found', message: "no asset 'ghost'" } });
    const bad = await call('GET', '/api/alerts?asset_id=..%2Fx');
    expect(bad.statusCode).toBe(400);
    // An asset with nothing under it and no alerts: an empty list, not an error.
    expect(await alertsOf('asset_id=line-b&state=active')).toEqual({ total: 0, subjects: [] });
  });
});
