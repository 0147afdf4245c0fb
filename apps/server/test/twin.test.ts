import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer, passwordFor } from './support/server';

interface TwinBody {
  reported: { metrics: Record<string, { value: number; ts: string }>; properties: Record<string, unknown> };
  desired: Record<string, unknown>;
  delta: Record<string, unknown>;
  version: number;
  connectivity: string;
  condition: string;
}

describe.each(dialects)('the twin on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  let operator: string;
  let viewer: string;
  let deviceToken: string;
  const twin = async (token = admin) => {
    const res = await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/twin', token });
    return { body: res.json() as TwinBody, etag: res.headers.etag as string };
  };
  const patch = (desired: object, token = operator, headers: Record<string, string> = {}) =>
    server.inject({ method: 'PATCH', url: '/api/devices/PUMP_1/twin', token, headers, payload: { desired } });

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
    await server.inject({
      method: 'POST',
      url: '/api/users',
      token: admin,
      payload: { username: 'operator-1', password: passwordFor('operator-password'), role: 'operator' },
    });
    await server.inject({
      method: 'POST',
      url: '/api/users',
      token: admin,
      payload: { username: 'viewer-1', password: passwordFor('viewer-password'), role: 'viewer' },
    });
    operator = await server.login('operator-1', passwordFor('operator-password'));
    viewer = await server.login('viewer-1', passwordFor('viewer-password'));
    deviceToken = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('follows the newest reading of each metric and goes online', async () => {
    const t0 = server.clock.now();
    await postTelemetry(server, 'PUMP_1', deviceToken, [
      { ts: t0 - 2000, metrics: { vibration: 1.1, flow: 60 } },
      { ts: t0 - 1000, metrics: { vibration: 1.3 } },
    ]);
    await postTelemetry(server, 'PUMP_1', deviceToken, { ts: t0 - 5000, metrics: { vibration: 0.2 } }); // late: history, not the twin
    const { body } = await twin(viewer);
    expect(body.reported.metrics.vibration).toEqual({ value: 1.3, ts: new Date(t0 - 1000).toISOString() });
    expect(body.reported.metrics.flow?.value).toBe(60);
    expect(body.connectivity).toBe('online');
    await server.container.twin.flush();
    expect((await twin()).body.reported.metrics.vibration?.value).toBe(1.3);
  });

  it.skipIf(skip)(
    'goes offline after three missed intervals and online again on the next reading',
    async () => {
      await postTelemetry(server, 'PUMP_1', deviceToken, { vibration: 1.0 });
      await server.container.twin.flush();
      server.clock.advance(3 * 5000 - 500);
      expect(await server.container.twin.checkConnectivity()).toEqual([]);
      server.clock.advance(1000);
      expect(await server.container.twin.checkConnectivity()).toEqual(['PUMP_1']);
      expect((await twin()).body.connectivity).toBe('offline');
      const listed = await server.inject({
        method: 'GET',
        url: '/api/devices?connectivity=offline',
        token: viewer,
      });
      expect((listed.json() as { total: number }).total).toBe(1);

      await postTelemetry(server, 'PUMP_1', deviceToken, { vibration: 1.0 });
      expect((await twin()).body.connectivity).toBe('online');
    },
  );

  it.skipIf(skip)(
    'keeps the readings of a device marked offline, and one arriving meanwhile brings it back',
    async () => {
      const { twin: twins } = server.container;
      const t0 = server.clock.now();
      await postTelemetry(server, 'PUMP_1', deviceToken, { ts: t0 - 1000, metrics: { vibration: 1.1 } });
      await twins.markOffline(['PUMP_1']);
      await twins.flush();
      expect((await twin()).body).toMatchObject({
        connectivity: 'offline',
        reported: { metrics: { vibration: { value: 1.1 } } },
      });

      await postTelemetry(server, 'PUMP_1', deviceToken, { ts: t0, metrics: { vibration: 1.2 } });
      const marking = twins.markOffline(['PUMP_1']);
      twins.observe([{ deviceId: 'PUMP_1', metric: 'flow', ts: t0 + 500, value: 61 }]);
      await marking;
      await twins.flush();
      expect((await twin()).body).toMatchObject({
        connectivity: 'online',
        reported: { metrics: { vibration: { value: 1.2 }, flow: { value: 61 } } },
      });
    },
  );

  it.skipIf(skip)('uses the sample interval the device reports to judge silence', async () => {
    await server.inject({
      method: 'POST',
      url: '/ingest/devices/PUMP_1/reported',
      headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
      payload: { sample_interval_s: 60 },
    });
    await postTelemetry(server, 'PUMP_1', deviceToken, { vibration: 1.0 });
    await server.container.twin.flush();
    server.clock.advance(100_000);
    expect(await server.container.twin.checkConnectivity()).toEqual([]);
    server.clock.advance(90_000);
    expect(await server.container.twin.checkConnectivity()).toEqual(['PUMP_1']);
  });

  it.skipIf(skip)(
    'versions desired state, shows the delta until the device reports it, and refuses stale edits',
    async () => {
      const before = await twin();
      expect(before.body).toMatchObject({ desired: {}, delta: {}, version: 0 });

      const changed = await patch({ sample_interval_s: 2, running: false }, operator, {
        'if-match': before.etag,
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({
        version: 1,
        desired: { sample_interval_s: 2, running: false },
        delta: { sample_interval_s: 2, running: false },
      });
      expect(changed.headers.etag).not.toBe(before.etag);

      const stale = await patch({ sample_interval_s: 10 }, admin, { 'if-match': before.etag });
      expect(stale.statusCode).toBe(412);
      expect((await twin()).body.desired.sample_interval_s).toBe(2);

      await server.inject({
        method: 'POST',
        url: '/ingest/devices/PUMP_1/reported',
        headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
        payload: { sample_interval_s: 2 },
      });
      expect((await twin()).body.delta).toEqual({ running: false });

      const removed = await patch({ running: null });
      expect(removed.json()).toMatchObject({ version: 2, desired: { sample_interval_s: 2 }, delta: {} });
    },
  );

  it.skipIf(skip)('checks desired values against the model and the caller against the role', async () => {
    expect((await patch({ sample_interval_s: 2 }, viewer)).statusCode).toBe(403);
    const bad = await patch({ sample_interval_s: 0, warp_drive: true, running: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      'desired.sample_interval_s': 'must be at least 1',
      'desired.warp_drive': 'is not a property of Centrifugal pump',
      'desired.running': 'must be true or false',
    });
    expect((await twin()).body.version).toBe(0);
  });

  it.skipIf(skip)('shows maintenance mode as the condition', async () => {
    await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_1',
      token: admin,
      payload: { maintenance_mode: true },
    });
    expect((await twin()).body.condition).toBe('maintenance');
    await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_1',
      token: admin,
      payload: { maintenance_mode: false },
    });
    expect((await twin()).body.condition).toBe('normal');
  });

  it.skipIf(skip)(
    'shows a reading outside the normal range as the condition, even without an alert',
    async () => {
      await postTelemetry(server, 'PUMP_1', deviceToken, { vibration: 4.2, flow: 60 });
      await server.container.twin.flush();
      expect((await twin()).body.condition).toBe('warning');
      const list = await server.inject({
        method: 'GET',
        url: '/api/devices?condition=warning',
        token: viewer,
      });
      expect((list.json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toEqual(['PUMP_1']);

      server.clock.advance(1000);
      const critical = await postTelemetry(server, 'PUMP_1', deviceToken, { vibration: 8.5 });
      expect(critical.statusCode).toBeLessThan(300);
      await server.container.twin.flush();
      expect((await twin()).body.condition).toBe('critical');

      server.clock.advance(1000);
      await postTelemetry(server, 'PUMP_1', deviceToken, { vibration: 1.2 });
      await server.container.twin.flush();
      expect((await twin()).body.condition).toBe('normal');
    },
  );
});
