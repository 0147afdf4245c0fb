import { afterEach, describe, expect, it } from 'vitest';
import { createJobRepository } from '../src/jobs/job.repository';
import { createJobRunner } from '../src/jobs/job-runner';
import { createLogger } from '../src/lib/logger';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';
import { createDevice, HOUR, MINUTE, pdfText, storeSeries, userToken } from './reports-fixture';

const iso = (ms: number) => new Date(ms).toISOString();

describe.each(dialects)('health reports on $name', ({ name, skip }) => {
  let server: TestServer;
  afterEach(async () => {
    if (!skip) await server.close();
  });

  /** A pump whose bearing ran hot for the last 20 minutes of a two-hour period. */
  async function seed() {
    server = await startTestServer(name);
    // On a minute boundary, so the hot readings fill exactly twenty 1-minute buckets.
    server.clock.set(Math.floor(server.clock.now() / MINUTE) * MINUTE);
    const now = server.clock.now();
    await createDevice(server, 'PUMP_7', 'centrifugal_pump', 'Cooling water pump 7');
    await createDevice(server, 'TEMP_1', 'temperature_sensor', 'Hall thermometer');
    await storeSeries(server, 'PUMP_7', 'bearing_temperature', {
      end: now - 10_000,
      count: 720,
      everyMs: 10_000,
      value: (i) => (i >= 600 ? 82 : 55 + (i % 10) / 10),
    });
    await storeSeries(server, 'PUMP_7', 'vibration', {
      end: now - 10_000,
      count: 720,
      everyMs: 10_000,
      value: () => 1.2,
    });
    await storeSeries(server, 'TEMP_1', 'temperature', {
      end: now - MINUTE,
      count: 120,
      everyMs: MINUTE,
      value: () => 21.5,
    });
    return { now, from: now - 2 * HOUR - 5 * MINUTE, to: now };
  }

  /** A worker on the server's queue that records every progress write. */
  function worker() {
    const repository = createJobRepository(server.container.database);
    const progress: number[] = [];
    const recording = {
      ...repository,
      setProgress: (id: string, w: string, value: number, now: number) => {
        progress.push(value);
        return repository.setProgress(id, w, value, now);
      },
    };
    const runner = createJobRunner({
      jobs: recording,
      handlers: { 'report.generate': (ctx) => server.container.reports.generate(ctx) },
      clock: server.clock,
      logger: createLogger({ level: 'silent' }),
      options: { progressIntervalMs: 0 },
    });
    return { runner, progress };
  }

  it.skipIf(skip)(
    'renders a device report in the background: progress, then a download with the summary',
    async () => {
      const { from, to } = await seed();
      const viewer = await userToken(server, 'vera', 'viewer');
      const started = await server.inject({
        method: 'POST',
        url: '/api/reports',
        token: viewer,
        payload: { scope: { device_id: 'PUMP_7' }, from: iso(from), to: iso(to), format: 'html' },
      });
      expect(started.statusCode).toBe(202);
      const { job_id } = started.json() as { job_id: string };

      const queued = await server.inject({ method: 'GET', url: `/api/jobs/${job_id}`, token: viewer });
      expect(queued.json()).toMatchObject({
        id: job_id,
        type: 'report.generate',
        status: 'queued',
        progress: 0,
      });

      const { runner, progress } = worker();
      expect(await runner.drain()).toBe(1);
      expect(progress.length).toBeGreaterThan(2);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.some((p) => p > 0 && p < 1)).toBe(true);

      const done = (
        await server.inject({ method: 'GET', url: `/api/jobs/${job_id}`, token: viewer })
      ).json() as {
        status: string;
        progress: number;
        result: { report_id: string; download_url: string };
      };
      expect(done).toMatchObject({ status: 'succeeded', progress: 1 });
      expect(done.result.download_url).toBe(`/api/reports/${done.result.report_id}/download`);

      const file = await server.inject({ method: 'GET', url: done.result.download_url, token: viewer });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('text/html; charset=utf-8');
      const day = iso(server.clock.now()).slice(0, 10);
      expect(file.headers['content-disposition']).toBe(
        `attachment; filename="digital-twin-PUMP_7-${day}.html"`,
      );
      const html = file.body;
      expect(html).toContain('Health report: Cooling water pump 7');
      expect(html).toContain('<h2>Summary</h2>');
      expect(html).toContain('Time outside normal range');
      expect(html).toContain('Bearing temperature');
      expect(html).toContain('<svg'); // charts drawn on the server
      expect(html).not.toContain('<script');
      // 20 of the 120 minutes above the 70 °C normal limit, none past the 90 °C critical one.
      expect(html).toContain('20\u00a0min (16.7\u00a0%)');
      expect(html).toContain('>82\u00a0°C<');

      // Anyone signed in may read it; nobody else.
      const operator = await userToken(server, 'otto', 'operator');
      expect(
        (await server.inject({ method: 'GET', url: done.result.download_url, token: operator })).statusCode,
      ).toBe(200);
      expect((await server.inject({ method: 'GET', url: done.result.download_url })).statusCode).toBe(401);
      expect((await server.inject({ method: 'GET', url: `/api/jobs/${job_id}` })).statusCode).toBe(401);
      // A job belongs to whoever started it (and admins).
      expect(
        (await server.inject({ method: 'GET', url: `/api/jobs/${job_id}`, token: operator })).statusCode,
      ).toBe(404);
      const admin = await server.login(ADMIN.username, ADMIN.password);
      expect(
        (await server.inject({ method: 'GET', url: `/api/jobs/${job_id}`, token: admin })).statusCode,
      ).toBe(200);

      const list = (await server.inject({ method: 'GET', url: '/api/reports', token: operator })).json() as {
        items: unknown[];
      };
      expect(list.items).toEqual([
        expect.objectContaining({
          id: done.result.report_id,
          scope: { device_id: 'PUMP_7' },
          format: 'html',
          created_by: 'vera',
        }),
      ]);
    },
  );

  it.skipIf(skip)('renders a fleet report as a PDF', async () => {
    const { from, to } = await seed();
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const started = await server.inject({
      method: 'POST',
      url: '/api/reports',
      token: admin,
      payload: { scope: 'fleet', from: iso(from), to: iso(to), format: 'pdf' },
    });
    expect(started.statusCode).toBe(202);
    await worker().runner.drain();
    const job = (
      await server.inject({
        method: 'GET',
        url: `/api/jobs/${(started.json() as { job_id: string }).job_id}`,
        token: admin,
      })
    ).json() as {
      status: string;
      result: { download_url: string };
    };
    expect(job.status).toBe('succeeded');
    const file = await server.inject({ method: 'GET', url: job.result.download_url, token: admin });
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="digital-twin-fleet-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(file.rawPayload);
    expect(text).toContain('Fleet health report');
    expect(text).toContain('Summary');
    expect(text).toContain('Devices online');
    expect(text).toContain('Cooling water pump 7 (PUMP_7)');
    expect(text).toContain('Hall thermometer (TEMP_1)');
  });

  it.skipIf(skip)('checks the request before queueing anything', async () => {
    server = await startTestServer(name);
    const viewer = await userToken(server, 'vera', 'viewer');
    const now = server.clock.now();
    const post = (payload: unknown, token?: string) =>
      server.inject({
        method: 'POST',
        url: '/api/reports',
        payload: payload as object,
        ...(token ? { token } : {}),
      });
    const body = { scope: 'fleet', from: iso(now - HOUR), to: iso(now), format: 'pdf' };

    expect((await post(body)).statusCode).toBe(401);
    expect((await post({ ...body, from: iso(now), to: iso(now - HOUR) }, viewer)).statusCode).toBe(400);
    expect((await post({ ...body, format: 'docx' }, viewer)).statusCode).toBe(400);
    expect((await post({ ...body, scope: { device_id: '../../etc/passwd' } }, viewer)).statusCode).toBe(400);
    expect((await post({ ...body, scope: { device_id: 'NOPE' } }, viewer)).statusCode).toBe(404);
    expect((await post({ ...body, from: iso(now - 400 * 24 * HOUR) }, viewer)).statusCode).toBe(400);
    // A few at a time per user.
    for (let i = 0; i < 3; i += 1) expect((await post(body, viewer)).statusCode).toBe(202);
    expect((await post(body, viewer)).statusCode).toBe(429);
    expect(
      (await server.inject({ method: 'GET', url: '/api/reports/rep_nope/download', token: viewer }))
        .statusCode,
    ).toBe(404);
  });
});
