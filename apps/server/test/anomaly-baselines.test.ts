import type { Job } from '@dtwin/contracts/jobs';
import { afterEach, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** Every anomaly score a server gives the device, in order. */
function scoresOf(server: TestServer, deviceId: string): number[] {
  const scores: number[] = [];
  server.container.bus.on('anomaly.scored', (e) => {
    if (e.deviceId === deviceId) scores.push(e.score);
  });
  return scores;
}

describe('anomaly baselines', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('are learned from the stored history by a job, so a restarted server knows the normal at once', async () => {
    const first = await startTestServer('sqlite');
    const admin = await first.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(first, admin, { id: 'TEMP_1', model: 'temperature_sensor' });
    const before = scoresOf(first, 'TEMP_1');
    const start = first.clock.now() - 200_000;
    const normal = (i: number) => ({
      ts: start + i * 1000,
      metrics: { temperature: 22 + Math.sin(i / 5) * 0.3 + ((i * 7919) % 13) / 100 },
    });
    const steady = Array.from({ length: 150 }, (_, i) => normal(i));
    await postTelemetry(first, 'TEMP_1', token, steady);
    await expect.poll(() => before.length).toBe(150);

    const jobId = await first.container.jobs.enqueue('analytics.baselines', {});
    await first.container.jobRunner.drain();
    const job = (
      await first.inject({ method: 'GET', url: `/api/jobs/${jobId}`, token: admin })
    ).json() as Job;
    expect(job).toMatchObject({ status: 'succeeded', progress: 1, result: { devices: 1, readings: 150 } });

    // A restart: the detectors in memory are gone, the database stays.
    await first.close({ keepData: true });
    const second = await startTestServer('sqlite', {}, { dir: first.dir });
    servers.push(second);
    const after = scoresOf(second, 'TEMP_1');

    await postTelemetry(second, 'TEMP_1', token, normal(150));
    await expect.poll(() => after.length).toBe(1);
    expect(after[0]).toBeLessThan(0.5);
    // A detector starting from nothing would still be warming up and give this spike about 0.
    await postTelemetry(second, 'TEMP_1', token, { ts: start + 151_000, metrics: { temperature: 58 } });
    await expect.poll(() => after.length).toBe(2);
    expect(after[1]).toBeGreaterThan(0.8);
  });

  it('hold only the metrics a device reports, and still start its detector warm', async () => {
    const first = await startTestServer('sqlite');
    const admin = await first.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(first, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    const before = scoresOf(first, 'PUMP_1');
    const start = first.clock.now() - 200_000;
    // Five of the model's seven metrics, as the simulated pumps report them.
    const normal = (i: number, vibration = 2 + Math.sin(i / 5) * 0.05 + ((i * 7919) % 13) / 1000) => ({
      ts: start + i * 1000,
      metrics: {
        vibration,
        bearing_temperature: 50 + ((i * 7907) % 11) / 20,
        flow: 60 + ((i * 7901) % 17) / 10,
        power: 18 + ((i * 7883) % 7) / 20,
        efficiency: 80 + ((i * 7879) % 5) / 10,
      },
    });
    const steady = Array.from({ length: 150 }, (_, i) => normal(i));
    await postTelemetry(first, 'PUMP_1', token, steady);
    await expect.poll(() => before.length).toBe(150);

    await first.container.jobs.enqueue('analytics.baselines', {});
    await first.container.jobRunner.drain();
    const row = await first.container.database.db
      .selectFrom('anomaly_baselines')
      .select('state')
      .where('device_id', '=', 'PUMP_1')
      .executeTakeFirstOrThrow();
    const stored = JSON.parse(row.state) as { metrics: Record<string, unknown> };
    expect(Object.keys(stored.metrics).sort()).toEqual([
      'bearing_temperature',
      'efficiency',
      'flow',
      'power',
      'vibration',
    ]);

    await first.close({ keepData: true });
    const second = await startTestServer('sqlite', {}, { dir: first.dir });
    servers.push(second);
    const after = scoresOf(second, 'PUMP_1');
    await postTelemetry(second, 'PUMP_1', token, normal(150));
    await expect.poll(() => after.length).toBe(1);
    expect(after[0]).toBeLessThan(0.5);
    // Its second reading, a vibration spike: a detector starting from nothing would score about 0.
    await postTelemetry(second, 'PUMP_1', token, normal(151, 6));
    await expect.poll(() => after.length).toBe(2);
    expect(after[1]).toBeGreaterThan(0.8);
  });

  it('leave a device without recent readings out, and start its detector from nothing', async () => {
    const server = await startTestServer('sqlite');
    servers.push(server);
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(server, admin, { id: 'TEMP_2', model: 'temperature_sensor' });
    const jobId = await server.container.jobs.enqueue('analytics.baselines', {});
    await server.container.jobRunner.drain();
    const job = (
      await server.inject({ method: 'GET', url: `/api/jobs/${jobId}`, token: admin })
    ).json() as Job;
    expect(job).toMatchObject({ status: 'succeeded', result: { devices: 0, readings: 0 } });

    const scores = scoresOf(server, 'TEMP_2');
    await postTelemetry(server, 'TEMP_2', token, {
      ts: server.clock.now() - 1000,
      metrics: { temperature: 58 },
    });
    await expect.poll(() => scores.length).toBe(1);
    expect(scores[0]).toBe(0);
  });
});
