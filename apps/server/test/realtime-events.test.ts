import type { Alert } from '@dtwin/contracts/alerts';
import type { Recommendation } from '@dtwin/contracts/recommendations';
import {
  serverEventSchemas,
  type ServerEventName,
  type TelemetryEvent,
  type TelemetrySummaryEvent,
} from '@dtwin/contracts/realtime';
import type { Twin } from '@dtwin/contracts/twin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { connected, openSocket, record, sleep, subscribe, type ClientSocket } from './support/realtime';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** Every payload a socket received must match its event's schema in contracts. */
function expectValid(seen: Array<{ event: string; payload: unknown }>) {
  for (const { event, payload } of seen) {
    const schema = serverEventSchemas[event as ServerEventName];
    expect(schema, `unknown event '${event}'`).toBeDefined();
    expect(() => schema.parse(payload), event).not.toThrow();
  }
}

describe('realtime rooms and events', () => {
  let server: TestServer;
  let admin: string;
  let pump: string;
  const sockets: ClientSocket[] = [];
  const open = async () => {
    const socket = await connected(openSocket(server.url!, { token: admin }));
    sockets.push(socket);
    return socket;
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    server = await startTestServer('sqlite', {}, { realtime: true });
    admin = await server.login(ADMIN.username, ADMIN.password);
    pump = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    await registerDevice(server, admin, { id: 'PUMP_2', model: 'centrifugal_pump' });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
  });

  it('acknowledges subscribe and unsubscribe, and refuses what is not a room or not a device', async () => {
    const socket = await open();
    expect(await subscribe(socket, { room: 'fleet' })).toEqual({ ok: true });
    expect(await subscribe(socket, { room: 'device:PUMP_1' })).toEqual({ ok: true });
    expect(await subscribe(socket, { room: 'device:NO_SUCH' })).toEqual({
      ok: false,
      error: "unknown device 'NO_SUCH'",
    });
    for (const body of [{ room: 'user:1' }, { room: 'token:abc' }, { room: 'device:' }, { room: 42 }, {}]) {
      expect(await subscribe(socket, body), JSON.stringify(body)).toEqual({
        ok: false,
        error: "room must be 'fleet', 'device:<device id>' or 'asset:<asset id>'",
      });
    }
    for (const body of ['fleet', null, [1]]) {
      expect(await subscribe(socket, body)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^expected/),
      });
    }
    expect(await subscribe(socket, { room: 'device:PUMP_1' }, 'unsubscribe')).toEqual({ ok: true });
    expect(await subscribe(socket, { room: 'nope' }, 'unsubscribe')).toMatchObject({ ok: false });
  });

  it('coalesces telemetry: 50 fast readings give a few events per device, and the last value wins', async () => {
    const watcher = await open();
    const idle = await open(); // connected, never subscribed: gets nothing
    const other = await open(); // watches another device
    const events = record(watcher);
    const idleEvents = record(idle);
    const otherEvents = record(other);
    expect(await subscribe(watcher, { room: 'device:PUMP_1' })).toEqual({ ok: true });
    expect(await subscribe(watcher, { room: 'fleet' })).toEqual({ ok: true });
    expect(await subscribe(other, { room: 'device:PUMP_2' })).toEqual({ ok: true });

    const t0 = server.clock.now() - 60_000;
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      const res = await postTelemetry(server, 'PUMP_1', pump, {
        ts: iso(t0 + i * 10),
        metrics: { flow: i, vibration: i / 100 },
      });
      expect(res.statusCode).toBe(200);
    }
    const elapsed = Date.now() - started;
    await sleep(1300); // one more device interval (250 ms) and fleet interval (1 s)

    const telemetry = events.of<TelemetryEvent>('telemetry');
    expect(telemetry.length).toBeGreaterThan(0);
    // At most one per 250 ms, plus the first one after a quiet spell and the trailing one.
    expect(telemetry.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 2);
    expect(telemetry.length).toBeLessThan(25);
    expect(telemetry.every((e) => e.device_id === 'PUMP_1')).toBe(true);
    expect(telemetry.at(-1)!.metrics).toEqual({
      flow: { value: 49, ts: iso(t0 + 490) },
      vibration: { value: 0.49, ts: iso(t0 + 490) },
    });

    const summaries = events.of<TelemetrySummaryEvent>('telemetry_summary');
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 2);
    expect(summaries.at(-1)!.devices).toEqual([
      { device_id: 'PUMP_1', ts: iso(t0 + 490), metrics: { flow: 49, vibration: 0.49 } },
    ]);
    expectValid(events.seen);
    expect(idleEvents.seen).toEqual([]);
    expect(otherEvents.seen).toEqual([]);

    // After unsubscribing, nothing more for that room.
    expect(await subscribe(watcher, { room: 'device:PUMP_1' }, 'unsubscribe')).toEqual({ ok: true });
    const before = events.of('telemetry').length;
    await postTelemetry(server, 'PUMP_1', pump, { ts: iso(t0 + 1000), metrics: { flow: 100 } });
    await sleep(600);
    expect(events.of('telemetry')).toHaveLength(before);
  });

  it('pushes the twin when its desired state changes, to the device room and the fleet', async () => {
    const deviceWatcher = await open();
    const fleetWatcher = await open();
    const a = record(deviceWatcher);
    const b = record(fleetWatcher);
    await subscribe(deviceWatcher, { room: 'device:PUMP_1' });
    await subscribe(fleetWatcher, { room: 'fleet' });
    const res = await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_1/twin',
      token: admin,
      payload: { desired: { sample_interval_s: 7 } },
    });
    expect(res.statusCode).toBe(200);
    await expect.poll(() => a.of<Twin>('twin').length).toBeGreaterThan(0);
    await expect.poll(() => b.of<Twin>('twin').length).toBeGreaterThan(0);
    for (const twin of [a.of<Twin>('twin').at(-1)!, b.of<Twin>('twin').at(-1)!]) {
      expect(twin.device_id).toBe('PUMP_1');
      expect(twin.desired).toEqual({ sample_interval_s: 7 });
      expect(twin.delta).toEqual({ sample_interval_s: 7 });
    }
    expectValid([...a.seen, ...b.seen]);
  });

  it('pushes alert, health and recommendation events once to a socket in both rooms', async () => {
    // A device with no readings and a health score above the health rules' thresholds, so the
    // alert engine adds nothing of its own to what this test emits.
    await registerDevice(server, admin, { id: 'FAN_9', model: 'centrifugal_pump' });
    const both = await open();
    const elsewhere = await open();
    const seen = record(both);
    const other = record(elsewhere);
    await subscribe(both, { room: 'fleet' });
    await subscribe(both, { room: 'device:FAN_9' });
    await subscribe(elsewhere, { room: 'device:PUMP_2' });

    const at = iso(server.clock.now());
    const alert: Alert = {
      id: 1,
      rule: 1,
      rule_name: 'Bearing too hot',
      device_id: 'FAN_9',
      metric: 'bearing_temp',
      severity: 'critical',
      state: 'active',
      value: 97,
      message: 'bearing_temp 97 > 95',
      count: 1,
      group_id: null,
      started_at: at,
      updated_at: at,
      cleared_at: null,
      acknowledged_by: null,
      acknowledged_at: null,
      resolved_by: null,
      resolved_at: null,
      shelved_until: null,
      shelved_by: null,
      shelve_reason: null,
      escalated_at: null,
    };
    const { bus } = server.container;
    await bus.emit('alert.raised', { alert, notice: null });
    await bus.emit('alert.cleared', { alert: { ...alert, state: 'cleared', cleared_at: at } });
    await bus.emit('health.updated', {
      deviceId: 'FAN_9',
      score: 72.5,
      status: 'warning',
      previousStatus: 'good',
      trend: 'degrading',
      computedAt: server.clock.now(),
    });
    const recommendation: Recommendation = {
      id: 3,
      device_id: 'FAN_9',
      key: 'failure:bearing_temp',
      type: 'maintenance',
      title: 'Replace the bearing',
      action: 'Schedule a bearing replacement',
      urgency: 0.9,
      impact: 0.8,
      feasibility: 0.7,
      cost_effectiveness: 0.6,
      risk_reduction: 0.9,
      score: 0.8,
      priority: 'critical',
      timeframe: '24h',
      due_at: null,
      evidence: [{ source: 'alert', metric: 'bearing_temp', detail: 'critical alert', value: 97 }],
      status: 'open',
      created_at: at,
      updated_at: at,
      status_changed_at: null,
      status_changed_by: null,
      resolution: null,
    };
    await bus.emit('recommendation.changed', { recommendation, change: 'created' });
    await expect.poll(() => seen.seen.length).toBeGreaterThanOrEqual(4);
    await sleep(200);

    expect(seen.of('alert')).toEqual([
      { change: 'raised', alert },
      { change: 'cleared', alert: { ...alert, state: 'cleared', cleared_at: at } },
    ]);
    expect(seen.of('health')).toEqual([
      {
        device_id: 'FAN_9',
        score: 72.5,
        status: 'warning',
        previous_status: 'good',
        trend: 'degrading',
        computed_at: at,
      },
    ]);
    expect(seen.of('recommendation')).toEqual([{ change: 'created', recommendation }]);
    expect(seen.seen).toHaveLength(4);
    expectValid(seen.seen);
    expect(other.seen).toEqual([]);
  });
});
