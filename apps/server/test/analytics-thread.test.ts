import type { TelemetryEvent } from '@dtwin/contracts/realtime';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { connected, openSocket, record, subscribe, type ClientSocket } from './support/realtime';
import { ADMIN, dialects, postgresUrl, startTestServer, type TestServer } from './support/server';

/** `count` readings of one metric a second apart, ending a minute ago. */
const readings = (server: TestServer, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    ts: server.clock.now() - 600_000 + (from + i) * 1000,
    metrics: { temperature: 22 + Math.sin((from + i) / 5) * 0.3 },
  }));

const metric = async (server: TestServer, name: string) => {
  const text = (await server.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

describe.each(dialects)('anomaly scoring on its own thread, on $name', ({ name, skip }) => {
  let server: TestServer | undefined;
  let socket: ClientSocket | undefined;
  afterEach(async () => {
    socket?.close();
    await server?.close();
    server = undefined;
  });

  it.skipIf(skip)('scores what fits its queue, and skips and counts a batch that does not', async () => {
    const s = (server = await startTestServer(name, { ANALYTICS_QUEUE_READINGS: '20' }));
    const admin = await s.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(s, admin, { id: 'TEMP_1', model: 'temperature_sensor' });
    const scored: number[] = [];
    s.container.bus.on('anomaly.scored', ({ ts }) => void scored.push(ts));

    // 30 readings in one committed batch: more than the 20 the queue holds, stored but not scored.
    const big = await postTelemetry(s, 'TEMP_1', token, readings(s, 0, 30));
    expect(big.json()).toMatchObject({ accepted: 30 });
    await expect.poll(() => metric(s, 'dtwin_analytics_skipped_readings_total')).toBe(30);

    const small = readings(s, 30, 15);
    expect((await postTelemetry(s, 'TEMP_1', token, small)).json()).toMatchObject({ accepted: 15 });
    await expect.poll(() => scored.length, { timeout: 20_000 }).toBe(15);
    expect(scored).toEqual(small.map((r) => r.ts));
    expect(await metric(s, 'dtwin_analytics_skipped_readings_total')).toBe(30);
    await expect.poll(() => metric(s, 'dtwin_analytics_queued_readings')).toBe(0);
    // The thread's scoring time, not this event loop's.
    expect(await metric(s, 'dtwin_anomaly_scoring_seconds_total')).toBeGreaterThan(0);
  });

  // A real block: the thread waits for the device's stored baseline behind a table lock.
  it.skipIf(skip || name !== 'postgres')(
    'stores and pushes readings at once while the thread is blocked, and counts what it had to skip',
    async () => {
      const s = (server = await startTestServer(
        name,
        { ANALYTICS_QUEUE_READINGS: '10' },
        { realtime: true },
      ));
      const admin = await s.login(ADMIN.username, ADMIN.password);
      const token = await registerDevice(s, admin, { id: 'TEMP_1', model: 'temperature_sensor' });
      socket = await connected(openSocket(s.url!, { token: admin }));
      const events = record(socket);
      expect(await subscribe(socket, { room: 'device:TEMP_1' })).toEqual({ ok: true });
      const scored: number[] = [];
      s.container.bus.on('anomaly.scored', ({ ts }) => void scored.push(ts));

      const connection = s.container.database.connection;
      if (connection?.dialect !== 'postgres') throw new Error('expected a PostgreSQL connection');
      const locker = new pg.Client({
        connectionString: postgresUrl,
        options: `-c search_path=${connection.searchPath}`,
      });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE anomaly_baselines IN ACCESS EXCLUSIVE MODE');

        const first = readings(s, 0, 1);
        expect((await postTelemetry(s, 'TEMP_1', token, first)).json()).toMatchObject({ accepted: 1 });
        await expect.poll(() => events.of<TelemetryEvent>('telemetry').length).toBe(1);
        // 1 reading held by the blocked thread + 10 more do not fit a queue of 10.
        const more = readings(s, 1, 10);
        expect((await postTelemetry(s, 'TEMP_1', token, more)).json()).toMatchObject({ accepted: 10 });
        await expect.poll(() => metric(s, 'dtwin_analytics_skipped_readings_total')).toBe(10);
        expect(await metric(s, 'dtwin_analytics_queued_readings')).toBe(1);
        expect(scored).toEqual([]);
        const latest = events.of<TelemetryEvent>('telemetry');
        await expect
          .poll(() => events.of<TelemetryEvent>('telemetry').at(-1)?.metrics.temperature?.ts)
          .toBe(new Date(more.at(-1)!.ts).toISOString());
        expect(latest.length).toBeGreaterThanOrEqual(1);
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
      await expect.poll(() => scored, { timeout: 20_000 }).toEqual(readings(s, 0, 1).map((r) => r.ts));
      await expect.poll(() => metric(s, 'dtwin_analytics_queued_readings')).toBe(0);
    },
  );
});
