import type { TelemetryEvent } from '@dtwin/contracts/realtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealtimeServer, type RealtimeServer } from '../src/realtime/socket-server';
import { postTelemetry, registerDevice } from './support/fleet';
import { connected, openSocket, record, subscribe, type ClientSocket } from './support/realtime';
import { ADMIN, startTestServer, type TestServer } from './support/server';

const waitFor = async (check: () => boolean, what: string, timeoutMs = 5000) => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the live push of stored readings', () => {
  let server: TestServer;
  let realtime: RealtimeServer;
  let socket: ClientSocket;
  let admin: string;
  let token: string;
  /** A subscriber of stored readings that does not finish until released, subscribed before sockets. */
  let release: () => void = () => {};
  const slowStarted: number[] = [];
  let slowFinished = 0;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    admin = await server.login(ADMIN.username, ADMIN.password);
    token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    // As the analytics, alert rules and twin are: subscribed to the bus before Socket.IO starts.
    server.container.bus.on('telemetry.stored', async ({ readings }) => {
      slowStarted.push(readings.length);
      await new Promise<void>((resolve) => (release = resolve));
      slowFinished += 1;
    });
    realtime = await startRealtimeServer(server.container, server.app.server);
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 });
    socket = await connected(openSocket(url, { token: admin }));
    expect(await subscribe(socket, { room: 'device:PUMP_1' })).toEqual({ ok: true });
  });
  afterAll(async () => {
    release();
    socket?.close();
    await realtime?.close();
    await server?.close();
  });

  it('reaches the socket while the other subscribers of the batch are still busy', async () => {
    const events = record(socket);
    const ts = new Date(server.clock.now()).toISOString();
    const res = await postTelemetry(server, 'PUMP_1', token, { ts, metrics: { flow: 41.5 } });
    expect(res.statusCode).toBe(200);
    await waitFor(() => events.of('telemetry').length > 0, 'the telemetry event');

    expect(slowStarted).toEqual([1]);
    expect(slowFinished).toBe(0); // the slow subscriber still holds the batch
    expect(events.of<TelemetryEvent>('telemetry')).toEqual([
      { device_id: 'PUMP_1', metrics: { flow: { value: 41.5, ts } } },
    ]);

    // Once it is released, the next reading is committed, its subscribers run, and it is pushed
    // on its trailing edge (this device was pushed less than 250 ms ago) or at once.
    release();
    await waitFor(() => slowFinished === 1, 'the slow subscriber');
    const next = new Date(server.clock.now() + 1000).toISOString();
    expect(
      (await postTelemetry(server, 'PUMP_1', token, { ts: next, metrics: { flow: 42 } })).statusCode,
    ).toBe(200);
    await waitFor(() => events.of('telemetry').length === 2, 'the second telemetry event');
    expect(events.of<TelemetryEvent>('telemetry')[1]).toEqual({
      device_id: 'PUMP_1',
      metrics: { flow: { value: 42, ts: next } },
    });
    release();
  });
});
