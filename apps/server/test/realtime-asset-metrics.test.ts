import type { AssetMetricsEvent, DeviceMetricsEvent } from '@dtwin/contracts/realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from './support/alerting';
import { postTelemetry, registerDevice } from './support/fleet';
import { connected, openSocket, record, sleep, subscribe, type ClientSocket } from './support/realtime';
import { startTestServer, type TestServer } from './support/server';
import { until } from './support/until';

/**
 * `asset:<id>` rooms: an asset's computed values reach its watchers as they are evaluated; a
 * device's own computed values reach `device:<id>` the same way.
 */
describe('the live push of computed values', () => {
  let server: TestServer;
  let admin: string;
  let viewer: string;
  let pump: string;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const socket = await connected(openSocket(server.url!, { token }));
    sockets.push(socket);
    return socket;
  };
  const call = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    server.inject({ method, url, token: admin, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    server = await startTestServer('sqlite', {}, { realtime: true });
    ({ admin, viewer } = await people(server));
    for (const id of ['LINE_A', 'LINE_B'])
      expect((await call('POST', '/api/assets', { id, name: id, type: 'line' })).statusCode).toBe(201);
    pump = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    expect((await call('PATCH', '/api/devices/PUMP_1', { asset_id: 'LINE_A' })).statusCode).toBe(200);
    const metric = { name: 'total_power', unit: 'kW', expression: 'sum(devices.power)' };
    expect((await call('POST', '/api/assets/LINE_A/metrics', metric)).statusCode).toBe(201);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
  });

  it('lets any signed-in user watch an asset that exists, and only that', async () => {
    const socket = await open(viewer);
    expect(await subscribe(socket, { room: 'asset:LINE_A' })).toEqual({ ok: true });
    expect(await subscribe(socket, { room: 'asset:GHOST' })).toEqual({
      ok: false,
      error: "unknown asset 'GHOST'",
    });
    expect(await subscribe(socket, { room: 'asset:../x' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('asset:<asset id>'),
    });
  });

  it('pushes the values computed from a reading to the asset room only', async () => {
    const watcher = await open(viewer);
    const other = await open(viewer);
    expect(await subscribe(watcher, { room: 'asset:LINE_A' })).toEqual({ ok: true });
    expect(await subscribe(other, { room: 'asset:LINE_B' })).toEqual({ ok: true });
    const seen = record(watcher);
    const elsewhere = record(other);

    const ts = server.clock.now();
    const res = await postTelemetry(server, 'PUMP_1', pump, { ts, metrics: { power: 12.5 } });
    expect(res.statusCode).toBe(200);
    await until('the asset_metrics event', () => seen.of('asset_metrics').length > 0);
    expect(seen.of<AssetMetricsEvent>('asset_metrics')).toEqual([
      { asset_id: 'LINE_A', metrics: { total_power: { value: 12.5, ts: new Date(ts).toISOString() } } },
    ]);
    // Nothing of line A reaches a socket watching line B, nor device telemetry (not subscribed).
    await sleep(100);
    expect(elsewhere.seen).toEqual([]);
    expect(seen.of('telemetry')).toEqual([]);
  });

  it("pushes a device's own computed values to the device room", async () => {
    const metric = { name: 'specific_energy', unit: 'kWh/m3', expression: 'power / flow' };
    expect((await call('POST', '/api/devices/PUMP_1/metrics', metric)).statusCode).toBe(201);
    const watcher = await open(viewer);
    expect(await subscribe(watcher, { room: 'device:PUMP_1' })).toEqual({ ok: true });
    const seen = record(watcher);

    // A second later than the asset test's reading (a reading at the same time is a duplicate).
    const ts = server.clock.now() + 1000;
    const res = await postTelemetry(server, 'PUMP_1', pump, { ts, metrics: { power: 20, flow: 40 } });
    expect(res.statusCode).toBe(200);
    await until('the device_metrics event', () => seen.of('device_metrics').length > 0);
    expect(seen.of<DeviceMetricsEvent>('device_metrics')[0]).toEqual({
      device_id: 'PUMP_1',
      metrics: { specific_energy: { value: 0.5, ts: new Date(ts).toISOString() } },
    });
  });

  it('coalesces a burst of evaluations of one asset into few pushes carrying the newest values', async () => {
    const watcher = await open(admin);
    expect(await subscribe(watcher, { room: 'asset:LINE_B' })).toEqual({ ok: true });
    const seen = record(watcher);
    const base = server.clock.now();
    for (let i = 1; i <= 20; i++)
      await server.container.bus.emit('asset.metrics_computed', {
        assetId: 'LINE_B',
        values: [{ metric: 'flow', value: i }],
        ts: base + i,
      });
    await until('the newest value', () =>
      seen.of<AssetMetricsEvent>('asset_metrics').some((e) => e.metrics.flow?.value === 20),
    );
    await sleep(400);
    const events = seen.of<AssetMetricsEvent>('asset_metrics');
    // The first leaves at once, the rest wait for its interval and only the newest goes.
    expect(events.length).toBeLessThanOrEqual(2);
    expect(events.at(-1)).toEqual({
      asset_id: 'LINE_B',
      metrics: { flow: { value: 20, ts: new Date(base + 20).toISOString() } },
    });
  });

  it('empties the room of a deleted asset', async () => {
    const watcher = await open(admin);
    expect(await subscribe(watcher, { room: 'asset:LINE_B' })).toEqual({ ok: true });
    expect((await call('DELETE', '/api/assets/LINE_B')).statusCode).toBe(204);
    await sleep(50);
    const seen = record(watcher);
    await server.container.bus.emit('asset.metrics_computed', {
      assetId: 'LINE_B',
      values: [{ metric: 'flow', value: 1 }],
      ts: server.clock.now(),
    });
    await sleep(400);
    expect(seen.seen).toEqual([]);
  });
});
