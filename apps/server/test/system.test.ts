import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';
import { userToken } from './reports-fixture';

describe.each(dialects)('GET /api/system on $name', ({ name, skip }) => {
  let server: TestServer;
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('tells admins about the process, the database, the broker and the queue', async () => {
    server = await startTestServer(name);
    const admin = await server.login(ADMIN.username, ADMIN.password);
    await server.container.jobs.enqueue('telemetry.compact', {});
    const res = await server.inject({ method: 'GET', url: '/api/system', token: admin });
    expect(res.statusCode).toBe(200);
    const info = res.json() as Record<string, Record<string, unknown>>;
    expect(info.process).toMatchObject({
      version: '0.1.0',
      roles: ['api', 'ingest', 'worker'],
      node_version: process.version,
    });
    expect(info.process!.uptime_s).toBeGreaterThanOrEqual(0);
    expect((info.process!.memory as { rss_bytes: number }).rss_bytes).toBeGreaterThan(0);
    expect(info.database).toMatchObject({ dialect: name });
    expect(info.database!.size_bytes).toBeGreaterThan(0);
    expect(info.database!.migration).toMatchObject({ pending: [] });
    expect((info.database!.migration as { applied: number }).applied).toBeGreaterThanOrEqual(5);
    // No runtime in this test: the process has no broker.
    expect(info.broker).toEqual({ mode: 'none', connected: false, clients: null });
    expect(info.jobs).toEqual({ queued: 1, running: 0, failed_24h: 0 });
  });

  it.skipIf(skip)('is for admins only', async () => {
    server = await startTestServer(name);
    expect((await server.inject({ method: 'GET', url: '/api/system' })).statusCode).toBe(401);
    const operator = await userToken(server, 'otto', 'operator');
    expect((await server.inject({ method: 'GET', url: '/api/system', token: operator })).statusCode).toBe(
      403,
    );
  });
});

describe('GET /api/system with the runtime running', () => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('reports the embedded broker and runs queued jobs in the worker', async () => {
    server = await startTestServer('sqlite', { SIMULATOR_DEVICES: '0' }, { mqtt: true });
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const info = (await server.inject({ method: 'GET', url: '/api/system', token: admin })).json() as {
      broker: unknown;
    };
    expect(info.broker).toEqual({ mode: 'embedded', connected: true, clients: 0 });
    // The worker role runs the queue: the recurring upkeep was queued at start and gets done.
    const deadline = Date.now() + 10_000;
    let jobs: Array<{ type: string; status: string }> = [];
    while (Date.now() < deadline) {
      jobs = (
        (await server.inject({ method: 'GET', url: '/api/jobs', token: admin })).json() as {
          items: typeof jobs;
        }
      ).items;
      if (jobs.length >= 5 && jobs.every((j) => j.status === 'succeeded')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(jobs.map((j) => j.type).sort()).toEqual([
      'analytics.baselines',
      'jobs.prune',
      'report.schedules',
      'telemetry.compact',
      'telemetry.retention',
    ]);
    expect(jobs.every((j) => j.status === 'succeeded')).toBe(true);
  });
});
