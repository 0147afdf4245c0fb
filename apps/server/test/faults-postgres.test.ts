import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privatePostgresUnavailable, startPrivatePostgres } from './support/private-postgres';
import type { TestServer } from './support/server';

const unavailable = privatePostgresUnavailable();
if (unavailable) console.warn(`PostgreSQL fault suite skipped: ${unavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable !== null)('PostgreSQL stopped and started under ingest', () => {
  let cluster: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let server: TestServer;
  let admin: string;
  let token: string;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    // The test server opens the database DATABASE_URL names when its module loads.
    process.env.DATABASE_URL = cluster.url;
    const { ADMIN, startTestServer } = await import('./support/server');
    const { registerDevice } = await import('./support/fleet');
    server = await startTestServer('postgres');
    admin = await server.login(ADMIN.username, ADMIN.password);
    token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  }, 60_000);
  afterAll(async () => {
    await server?.close().catch(() => {});
    await cluster?.destroy();
  });

  it('stays up, acknowledges nothing while the database is down, tells readiness, and resumes by itself', async () => {
    const base = server.clock.now() - 3_600_000;
    const acked: number[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    let i = 0;
    const producer = (async () => {
      while (!stop) {
        const ts = base + i++ * 10;
        const res = await server.inject({
          method: 'POST',
          url: '/ingest/devices/PUMP_1/telemetry',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ ts, metrics: { flow: i } }),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 200) acked.push(ts);
        else await sleep(20);
      }
    })();
    const probe = async (url: string) => {
      const res = await server.inject({ method: 'GET', url });
      return { status: res.statusCode, body: res.json() as { failing?: string[] } };
    };

    try {
      await expect.poll(() => acked.length, { timeout: 10_000 }).toBeGreaterThan(20);
      await cluster.stop('fast');
      const ackedWhenStopped = acked.length;
      await expect
        .poll(() => probe('/readyz'), { timeout: 15_000 })
        .toEqual({ status: 503, body: { status: 'not_ready', failing: ['database'] } });
      expect((await probe('/healthz')).status).toBe(200);
      await sleep(1500);
      // Down: refused with 503 (retry later), never a 500, and nothing acknowledged.
      expect(acked.length - ackedWhenStopped).toBeLessThanOrEqual(1); // one may have committed as it stopped
      expect(statuses.get(503)).toBeGreaterThan(0);
      expect(statuses.has(500)).toBe(false);

      await cluster.start();
      await expect.poll(() => acked.length, { timeout: 20_000 }).toBeGreaterThan(ackedWhenStopped + 20);
      await expect.poll(async () => (await probe('/readyz')).status, { timeout: 10_000 }).toBe(200);
    } finally {
      stop = true;
      await producer;
    }

    // Every acknowledged reading is stored.
    const { history } = await import('./support/fleet');
    const series = await history(server, admin, 'PUMP_1', 'flow', {
      from: new Date(base - 1).toISOString(),
      to: new Date(base + i * 10 + 1).toISOString(),
      step: 'raw',
    });
    const stored = new Set(series.points.map((p) => Date.parse(p.ts)));
    expect(acked.filter((ts) => !stored.has(ts))).toEqual([]);
  }, 90_000);
});
