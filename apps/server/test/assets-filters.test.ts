import type { Dashboard } from '@dtwin/contracts/dashboard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRepository } from '../src/jobs/job.repository';
import { createJobRunner } from '../src/jobs/job-runner';
import { createLogger } from '../src/lib/logger';
import { createDevice, HOUR, MINUTE, storeSeries } from './reports-fixture';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * plant → line-a (HOT_A: 100 °C, a critical alert; PUMP_A) and line-b (COOL_B: 21 °C). The
 * dashboard and reports narrowed to an asset see that subtree only.
 */
describe.each(dialects)('the dashboard and reports of one asset on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  let now: number;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(name);
    server.clock.set(Math.floor(server.clock.now() / MINUTE) * MINUTE);
    now = server.clock.now();
    // The devices exist before their hour of readings (health reads only what came after).
    server.clock.set(now - 2 * HOUR);
    admin = await server.login(ADMIN.username, ADMIN.password);
    for (const a of [
      { id: 'plant', name: 'Plant', type: 'site' },
      { id: 'line-a', name: 'Line A', type: 'line', parent_id: 'plant' },
      { id: 'line-b', name: 'Line B', type: 'line', parent_id: 'plant' },
    ])
      await server.inject({ method: 'POST', url: '/api/assets', token: admin, payload: a });
    for (const [id, model, asset] of [
      ['HOT_A', 'temperature_sensor', 'line-a'],
      ['PUMP_A', 'centrifugal_pump', 'line-a'],
      ['COOL_B', 'temperature_sensor', 'line-b'],
    ] as const) {
      await createDevice(server, id, model);
      await server.inject({
        method: 'PATCH',
        url: `/api/devices/${id}`,
        token: admin,
        payload: { asset_id: asset },
      });
    }
    server.clock.set(now);
    admin = await server.login(ADMIN.username, ADMIN.password);
    const series = { end: now - MINUTE, count: 60, everyMs: MINUTE };
    await storeSeries(server, 'HOT_A', 'temperature', { ...series, value: () => 100 });
    await storeSeries(server, 'COOL_B', 'temperature', { ...series, value: () => 21 });
    await server.container.twin.flush();
    for (const id of ['HOT_A', 'COOL_B']) await server.container.health.recompute(id);
  }, 60_000);
  afterAll(async () => {
    if (!skip) await server.close();
  });

  const dashboard = async (query = '') => {
    const res = await server.inject({ method: 'GET', url: `/api/dashboard${query}`, token: admin });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Dashboard;
  };

  it.skipIf(skip)('the dashboard counts the subtree only: devices, health, alerts', async () => {
    const fleet = await dashboard();
    expect(fleet.devices.total).toBe(3);
    expect(fleet.recent_alerts.some((a) => a.device_id === 'HOT_A')).toBe(true);

    const lineA = await dashboard('?asset_id=line-a');
    expect(lineA.devices.total).toBe(2);
    expect(lineA.health.devices_scored).toBe(1);
    expect(lineA.recent_alerts.length).toBeGreaterThan(0);
    expect(lineA.recent_alerts.every((a) => a.device_id === 'HOT_A')).toBe(true);

    const lineB = await dashboard('?asset_id=line-b');
    expect(lineB.devices.total).toBe(1);
    expect(lineB.recent_alerts.every((a) => a.device_id === 'COOL_B')).toBe(true);
    expect(lineB.condition_distribution.critical).toBe(0);
    const hot = (
      await server.inject({ method: 'GET', url: '/api/devices/HOT_A/health', token: admin })
    ).json() as {
      score: number;
    };
    const cool = (
      await server.inject({ method: 'GET', url: '/api/devices/COOL_B/health', token: admin })
    ).json() as {
      score: number;
    };
    expect(lineB.health.score).toBeCloseTo(cool.score, 1);
    expect(lineA.health.score).toBeCloseTo(hot.score, 1);

    expect((await dashboard('?asset_id=plant')).devices.total).toBe(3);
    const unknown = await server.inject({
      method: 'GET',
      url: '/api/dashboard?asset_id=ghost',
      token: admin,
    });
    expect(unknown.statusCode).toBe(404);
    const bad = await server.inject({ method: 'GET', url: '/api/dashboard?asset_id=..%2Fx', token: admin });
    expect(bad.statusCode).toBe(400);
  });

  it.skipIf(skip)("a fleet report narrowed to an asset covers that asset's devices only", async () => {
    const started = await server.inject({
      method: 'POST',
      url: '/api/reports',
      token: admin,
      payload: {
        scope: 'fleet',
        asset_id: 'line-b',
        from: iso(now - 2 * HOUR),
        to: iso(now),
        format: 'html',
      },
    });
    expect(started.statusCode, started.body).toBe(202);
    const runner = createJobRunner({
      jobs: createJobRepository(server.container.database),
      handlers: { 'report.generate': (ctx) => server.container.reports.generate(ctx) },
      clock: server.clock,
      logger: createLogger({ level: 'silent' }),
      options: { progressIntervalMs: 0 },
    });
    expect(await runner.drain()).toBe(1);
    const job = (
      await server.inject({ method: 'GET', url: `/api/jobs/${started.json().job_id}`, token: admin })
    ).json() as { status: string; result: { download_url: string } };
    expect(job.status).toBe('succeeded');
    const file = await server.inject({ method: 'GET', url: job.result.download_url, token: admin });
    expect(file.headers['content-disposition']).toMatch(
      /filename="digital-twin-asset-line-b-\d{4}-\d{2}-\d{2}\.html"/,
    );
    const html = file.body;
    expect(html).toContain('Health report: Line B');
    expect(html).toContain('COOL_B');
    expect(html).not.toContain('HOT_A');
    expect(html).not.toContain('PUMP_A');

    const listed = await server.inject({ method: 'GET', url: '/api/reports', token: admin });
    expect((listed.json() as { items: Array<{ asset_id?: string }> }).items[0]?.asset_id).toBe('line-b');

    const refused = async (payload: object) =>
      (await server.inject({ method: 'POST', url: '/api/reports', token: admin, payload })).statusCode;
    const period = { from: iso(now - HOUR), to: iso(now), format: 'html' };
    expect(await refused({ scope: 'fleet', asset_id: 'ghost', ...period })).toBe(404);
    expect(await refused({ scope: { device_id: 'HOT_A' }, asset_id: 'line-a', ...period })).toBe(400);
  });
});
