import type { Dashboard } from '@dtwin/contracts/dashboard';
import type { DeviceHealth } from '@dtwin/contracts/health';
import type { DevicePredictions } from '@dtwin/contracts/predictions';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createComputeTasks, runTaskOf } from '../src/analytics/compute-tasks';
import { createSeriesReader } from '../src/analytics/series-reader';
import type { Reading } from '../src/lib/domain-events';
import { createAnomalyScoringThread } from '../src/modules/anomaly/anomaly-scoring-thread';
import { HOUR, TUESDAY } from './predictions-fixture';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, postgresUrl, startTestServer, type TestServer } from './support/server';

/** A pump reporting every 10 s over [from, to) whose bearing heats up by 10 °C an hour (past its normal range in the third hour). */
function wearingPump(deviceId: string, from: number, to: number): Reading[] {
  const base: Record<string, number> = {
    vibration: 1.3,
    discharge_pressure: 6,
    flow: 60,
    motor_current: 30,
    power: 18,
    efficiency: 80,
  };
  const out: Reading[] = [];
  for (let t = from; t < to; t += 10_000) {
    for (const [metric, v] of Object.entries(base))
      out.push({ deviceId, metric, ts: t, value: v + 0.01 * Math.sin(t / 50_000) });
    out.push({ deviceId, metric: 'bearing_temperature', ts: t, value: 45 + (10 * (t - from)) / HOUR });
  }
  return out;
}

const metric = async (server: TestServer, name: string) => {
  const text = (await server.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

const silent = { warn: () => {}, error: () => {} };

describe.each(dialects)('health and predictions off the main thread, on $name', ({ name, skip }) => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  /** A server whose pump has worn for three hours, with its health and predictions recomputed. */
  async function wornPump(env: Record<string, string>) {
    const server = await startTestServer(name, env);
    servers.push(server);
    server.clock.set(TUESDAY - HOUR);
    const admin = await server.login(ADMIN.username, ADMIN.password);
    await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    await server.container.twin.reportProperties('PUMP_1', { sample_interval_s: 10 });
    server.clock.set(TUESDAY + 3 * HOUR);
    await server.container.telemetry.store(wearingPump('PUMP_1', TUESDAY, TUESDAY + 3 * HOUR));
    await server.container.telemetry.flush();
    const predictions: DevicePredictions = await server.container.predictions.recompute('PUMP_1');
    const health: DeviceHealth | null = await server.container.health.recompute('PUMP_1');
    const dashboard = (
      await server.inject({ method: 'GET', url: '/api/dashboard', token: admin })
    ).json() as Dashboard;
    return { server, health, predictions, dashboard };
  }

  it.skipIf(skip)(
    'finds the wear and sums the energy on the thread exactly as in process (ANALYTICS_THREAD=off), and leaves nothing queued',
    async () => {
      const [thread, inProcess] = await Promise.all([wornPump({}), wornPump({ ANALYTICS_THREAD: 'off' })]);
      const bearing = thread.predictions.predictions.find((p) => p.metric === 'bearing_temperature');
      expect(bearing?.direction).toBe('high');
      expect(bearing?.rul_h).toBeGreaterThan(0);
      expect(thread.health?.components.performance.score).toBeLessThan(100);
      expect(thread.predictions).toEqual(inProcess.predictions);
      expect(thread.health).toEqual(inProcess.health);
      // 18 kW for three hours, and the efficiency of the last hour.
      expect(thread.dashboard.energy).toMatchObject({ kwh: 54, devices: 1 });
      expect(thread.dashboard.efficiency).toMatchObject({ devices: 1 });
      expect(thread.dashboard.efficiency.mean_pct).toBeCloseTo(80, 1);
      for (const key of ['energy', 'efficiency', 'performance', 'health'] as const)
        expect(thread.dashboard[key]).toEqual(inProcess.dashboard[key]);
      for (const { server } of [thread, inProcess]) {
        expect(await metric(server, 'dtwin_analytics_queued_computations')).toBe(0);
        expect(await metric(server, 'dtwin_analytics_skipped_computations_total')).toBe(0);
      }
    },
  );

  // A real block: the thread waits for the hourly rollups behind a table lock.
  it.skipIf(skip || name !== 'postgres')(
    'answers the API while the thread is blocked, and refuses and counts a computation beyond its queue',
    async () => {
      const { server } = await wornPump({ ANALYTICS_QUEUE_COMPUTATIONS: '1' });
      const admin = await server.login(ADMIN.username, ADMIN.password);
      const connection = server.container.database.connection;
      if (connection?.dialect !== 'postgres') throw new Error('expected a PostgreSQL connection');
      const locker = new pg.Client({
        connectionString: postgresUrl,
        options: `-c search_path=${connection.searchPath}`,
      });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE rollups_1h IN ACCESS EXCLUSIVE MODE');
        const patterns = () =>
          server.inject({ method: 'GET', url: '/api/devices/PUMP_1/patterns', token: admin });
        const held = patterns();
        await expect.poll(() => metric(server, 'dtwin_analytics_queued_computations')).toBe(1);
        const refused = await patterns();
        expect(refused.statusCode).toBe(503);
        expect(refused.headers['retry-after']).toBe('5');
        expect(await metric(server, 'dtwin_analytics_skipped_computations_total')).toBe(1);
        const devices = await server.inject({ method: 'GET', url: '/api/devices?limit=20', token: admin });
        expect(devices.statusCode).toBe(200);
        await locker.query('ROLLBACK');
        expect((await held).statusCode).toBe(200);
      } finally {
        await locker.end();
      }
      expect(await metric(server, 'dtwin_analytics_queued_computations')).toBe(0);
    },
  );

  it.skipIf(skip)('computes in this thread while the analytics thread is down', async () => {
    const { server, health } = await wornPump({});
    await server.container.anomalyScoring.close();
    server.clock.advance(60_000);
    const again = await server.container.health.recompute('PUMP_1');
    expect(again?.computed_at).toBe(new Date(TUESDAY + 3 * HOUR + 60_000).toISOString());
    // A minute later the bearing is hotter still.
    expect(again?.components.performance.score).toBeLessThan(health!.components.performance.score!);
    expect(await metric(server, 'dtwin_analytics_queued_computations')).toBe(0);
  });

  it.skipIf(skip)(
    'computes on a thread of its own that reads the history on its own connection',
    async () => {
      const { server } = await wornPump({ ANALYTICS_THREAD: 'off' });
      const connection = server.container.database.connection;
      if (!connection) throw new Error('expected a database connection');
      const thread = createAnomalyScoringThread({ connection, logger: silent });
      try {
        await thread.ready();
        const pump = server.container.models.get('centrifugal_pump');
        const local = runTaskOf(
          createComputeTasks(createSeriesReader({ telemetry: server.container.telemetry })),
        );
        for (const m of pump.metrics) {
          const input = { deviceId: 'PUMP_1', metric: m, now: TUESDAY + 3 * HOUR, since: null };
          expect(await thread.compute('prediction', input)).toEqual(await local('prediction', input));
        }
        const bearing = pump.metrics.find((m) => m.name === 'bearing_temperature')!;
        const onThread = await thread.compute('prediction', {
          deviceId: 'PUMP_1',
          metric: bearing,
          now: TUESDAY + 3 * HOUR,
          since: null,
        });
        expect(onThread?.rul_h).toBeGreaterThan(0);
      } finally {
        await thread.close();
      }
    },
  );
});
