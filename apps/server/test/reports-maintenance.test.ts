import { afterEach, describe, expect, it } from 'vitest';
import { createJobRepository } from '../src/jobs/job.repository';
import { createJobRunner } from '../src/jobs/job-runner';
import { createLogger } from '../src/lib/logger';
import { ADMIN, startTestServer, type TestServer } from './support/server';
import { createDevice, HOUR, MINUTE, storeSeries } from './reports-fixture';

const iso = (ms: number) => new Date(ms).toISOString();

describe('the maintenance log in reports', () => {
  let server: TestServer;
  afterEach(async () => {
    await server.close();
  });

  it('lists the failures and repairs recorded in the period, and only those', async () => {
    server = await startTestServer('sqlite');
    const now = server.clock.now();
    await createDevice(server, 'PUMP_7', 'centrifugal_pump', 'Cooling water pump 7');
    await storeSeries(server, 'PUMP_7', 'vibration', {
      end: now - MINUTE,
      count: 60,
      everyMs: MINUTE,
      value: () => 1.2,
    });
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const record = (payload: object) =>
      server.inject({ method: 'POST', url: '/api/devices/PUMP_7/events', token: admin, payload });
    expect(
      (await record({ type: 'inspection', ts: iso(now - 30 * HOUR), notes: 'before the period' })).statusCode,
    ).toBe(201);
    expect(
      (await record({ type: 'failure', ts: iso(now - HOUR), failure_mode: 'bearing wear', notes: 'seized' }))
        .statusCode,
    ).toBe(201);
    expect((await record({ type: 'repair', ts: iso(now - 30 * MINUTE) })).statusCode).toBe(201);

    const started = await server.inject({
      method: 'POST',
      url: '/api/reports',
      token: admin,
      payload: { scope: { device_id: 'PUMP_7' }, from: iso(now - 2 * HOUR), to: iso(now), format: 'html' },
    });
    expect(started.statusCode).toBe(202);
    const runner = createJobRunner({
      jobs: createJobRepository(server.container.database),
      handlers: { 'report.generate': (ctx) => server.container.reports.generate(ctx) },
      clock: server.clock,
      logger: createLogger({ level: 'silent' }),
    });
    expect(await runner.drain()).toBe(1);
    const { job_id } = started.json() as { job_id: string };
    const job = (await server.inject({ method: 'GET', url: `/api/jobs/${job_id}`, token: admin })).json() as {
      result: { download_url: string };
    };
    const html = (await server.inject({ method: 'GET', url: job.result.download_url, token: admin })).body;
    expect(html).toContain('<h2>Maintenance log</h2>');
    const log = html.slice(html.indexOf('<h2>Maintenance log</h2>'));
    expect(log).toContain('bearing wear');
    expect(log).toContain('seized');
    expect(log.indexOf('failure')).toBeLessThan(log.indexOf('repair'));
    expect(log).not.toContain('before the period');
  });
});
