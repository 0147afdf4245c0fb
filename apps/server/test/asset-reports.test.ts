import type { ReportRun, ReportSchedule } from '@dtwin/contracts/report-schedules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobRepository } from '../src/jobs/job.repository';
import { createJobRunner } from '../src/jobs/job-runner';
import { createLogger } from '../src/lib/logger';
import { startSmtpSink } from './support/alerting';
import { createDevice, HOUR, MINUTE, pdfText, storeSeries } from './reports-fixture';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * plant → line-a (HOT_A at 100 °C, PUMP_A) and line-b (COOL_B at 21 °C), and an empty area.
 * Schedules, exports and reports narrowed to an asset cover its subtree; line-b's report lists
 * its computed metric.
 */
describe.each(dialects)('schedules, exports and reports by asset on $name', ({ name, skip }) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: string;
  let now: number;
  let channelId: number;

  const call = async (method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) =>
    server.inject({ method, url, token: admin, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(name);
    smtp = await startSmtpSink();
    server.clock.set(Date.parse('2026-03-10T05:00:00Z'));
    now = server.clock.now();
    admin = await server.login(ADMIN.username, ADMIN.password);
    for (const a of [
      { id: 'plant', name: 'Plant', type: 'site' },
      { id: 'line-a', name: 'Line A', type: 'line', parent_id: 'plant' },
      { id: 'line-b', name: 'Line B', type: 'line', parent_id: 'plant' },
      { id: 'empty', name: 'Empty hall', type: 'area', parent_id: 'plant' },
    ])
      expect((await call('POST', '/api/assets', a)).statusCode).toBe(201);
    for (const [id, model, asset] of [
      ['HOT_A', 'temperature_sensor', 'line-a'],
      ['PUMP_A', 'centrifugal_pump', 'line-a'],
      ['COOL_B', 'temperature_sensor', 'line-b'],
    ] as const) {
      await createDevice(server, id, model);
      expect((await call('PATCH', `/api/devices/${id}`, { asset_id: asset })).statusCode).toBe(200);
    }
    const series = { end: now - 2 * HOUR, count: 30, everyMs: MINUTE };
    await storeSeries(server, 'HOT_A', 'temperature', { ...series, value: () => 100 });
    await storeSeries(server, 'COOL_B', 'temperature', { ...series, value: () => 21 });
    await server.container.telemetry.flush();

    const metric = await call('POST', '/api/assets/line-b/metrics', {
      name: 'hall_temp',
      unit: '°C',
      expression: 'mean(devices.temperature)',
    });
    expect(metric.statusCode, metric.body).toBe(201);
    // Values of the last day: 10, 20, 30 (the newest), two days ago one far outside the period.
    const [def] = await server.container.database.db
      .selectFrom('computed_metrics')
      .select('id')
      .where('asset_id', '=', 'line-b')
      .execute();
    await server.container.database.db
      .insertInto('computed_readings')
      .values(
        [
          [now - 48 * HOUR, 999],
          [now - 5 * HOUR, 10],
          [now - 4 * HOUR, 30],
          [now - 3 * HOUR, 20],
        ].map(([ts, value]) => ({ metric_id: Number(def!.id), ts: ts!, value: value! })),
      )
      .onConflict((oc) =>
        oc.columns(['metric_id', 'ts']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') }),
      )
      .execute();

    const channel = await call('POST', '/api/channels', {
      name: 'Managers',
      type: 'email',
      min_severity: 'info',
      email: { host: '127.0.0.1', port: smtp.port, from: 'twin@plant.example', to: ['line-b@plant.example'] },
    });
    expect(channel.statusCode, channel.body).toBe(201);
    channelId = (channel.json() as { id: number }).id;
  }, 60_000);
  afterAll(async () => {
    if (skip) return;
    await server.close();
    await smtp.close();
  });

  const drain = () =>
    createJobRunner({
      jobs: createJobRepository(server.container.database),
      handlers: {
        'report.generate': (ctx) => server.container.reports.generate(ctx),
        'report.scheduled': (ctx) => server.container.reportSchedules.execute(ctx),
      },
      clock: server.clock,
      logger: createLogger({ level: 'silent' }),
      options: { progressIntervalMs: 0 },
    }).drain();

  const scheduleBody = (patch: object) => ({
    name: 'Line B daily',
    scope: 'fleet',
    asset_id: 'line-b',
    period_days: 1,
    format: 'html',
    frequency: 'daily',
    time: '07:00',
    time_zone: 'UTC',
    channel_id: channelId,
    ...patch,
  });

  it.skipIf(skip)(
    "a schedule for an asset mails that asset's report, with its computed metrics",
    async () => {
      const created = await call('POST', '/api/report-schedules', scheduleBody({}));
      expect(created.statusCode, created.body).toBe(201);
      const schedule = created.json() as ReportSchedule;
      expect(schedule).toMatchObject({ scope: 'fleet', asset_id: 'line-b' });
      const listed = (await call('GET', '/api/report-schedules')).json() as { items: ReportSchedule[] };
      expect(listed.items.find((s) => s.id === schedule.id)?.asset_id).toBe('line-b');

      expect((await call('POST', `/api/report-schedules/${schedule.id}/run`)).statusCode).toBe(202);
      await drain();
      const mail = smtp.mails.at(-1);
      expect(mail?.subject).toBe('Line B daily: report for asset line-b, last 1 day');
      expect(mail?.text).toContain('digital-twin-asset-line-b-2026-03-10.html');

      const runs = (await call('GET', `/api/report-schedules/${schedule.id}/runs`)).json() as {
        items: ReportRun[];
      };
      expect(runs.items[0]).toMatchObject({ status: 'sent', error: null });
      const report = await call('GET', `/api/reports/${runs.items[0]!.report_id}`);
      expect(report.json()).toMatchObject({ asset_id: 'line-b', scope: 'fleet' });
      const html = (await call('GET', `/api/reports/${runs.items[0]!.report_id}/download`)).body;
      expect(html).toContain('Health report: Line B');
      expect(html).toContain('COOL_B');
      expect(html).not.toContain('HOT_A');
      // The asset's metric over the last day: min 10, mean 20, max 30, last 20 (three values).
      const section = html.slice(html.indexOf('<h2>Asset metrics</h2>'), html.indexOf('<h2>Devices</h2>'));
      expect(section).toContain('hall_temp');
      const cells = [...section.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
      expect(cells).toEqual([
        '10\u00a0°C',
        '20\u00a0°C',
        '30\u00a0°C',
        `20\u00a0°C at ${iso(now - 3 * HOUR)
          .slice(0, 16)
          .replace('T', ' ')} UTC`,
        '3',
      ]);
    },
  );

  it.skipIf(skip)('a PDF report of an asset lists its computed metrics; other reports do not', async () => {
    const period = { from: iso(now - 24 * HOUR), to: iso(now), format: 'pdf' };
    const started = await call('POST', '/api/reports', { scope: 'fleet', asset_id: 'line-b', ...period });
    expect(started.statusCode, started.body).toBe(202);
    const fleet = await call('POST', '/api/reports', { scope: 'fleet', ...period });
    expect(fleet.statusCode).toBe(202);
    await drain();
    const textOf = async (jobId: string) => {
      const job = (await call('GET', `/api/jobs/${jobId}`)).json() as { result: { download_url: string } };
      return pdfText((await call('GET', job.result.download_url)).rawPayload);
    };
    const asset = await textOf((started.json() as { job_id: string }).job_id);
    expect(asset).toContain('Computed metrics of the asset');
    expect(asset).toContain('hall_temp');
    const whole = await textOf((fleet.json() as { job_id: string }).job_id);
    expect(whole).not.toContain('Computed metrics of the asset');
  });

  it.skipIf(skip)(
    'refuses a schedule for an unknown asset, naming it, or for a device and an asset',
    async () => {
      const unknown = await call('POST', '/api/report-schedules', scheduleBody({ asset_id: 'ghost' }));
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({
        error: { fields: { asset_id: expect.stringContaining('ghost') } },
      });
      expect(unknown.body).toContain("no asset 'ghost'");
      const both = await call(
        'POST',
        '/api/report-schedules',
        scheduleBody({ scope: { device_id: 'COOL_B' }, asset_id: 'line-b' }),
      );
      expect(both.statusCode).toBe(400);
      expect(Object.keys((both.json() as { error: { fields: object } }).error.fields)).toContain('asset_id');
    },
  );

  it.skipIf(skip)("exports the telemetry of an asset's subtree only", async () => {
    const range = `from=${iso(now - 24 * HOUR)}&to=${iso(now)}`;
    const csv = async (query: string) => {
      const res = await call('GET', `/api/export?${range}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res;
    };
    const devicesIn = (body: string) =>
      new Set(
        body
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0]),
      );

    const lineA = await csv('asset_id=line-a');
    expect(devicesIn(lineA.body)).toEqual(new Set(['HOT_A']));
    expect(lineA.headers['x-total-count']).toBe('30');
    expect(lineA.headers['content-disposition']).toMatch(
      /digital-twin-telemetry-asset-line-a-2026-03-10\.csv/,
    );
    expect(devicesIn((await csv('asset_id=plant')).body)).toEqual(new Set(['HOT_A', 'COOL_B']));
    // With devices too: those of them in the subtree.
    expect(devicesIn((await csv('asset_id=line-a&device_id=HOT_A,COOL_B')).body)).toEqual(new Set(['HOT_A']));
    // An asset without devices exports nothing, not everything.
    const empty = await csv('asset_id=empty');
    expect(empty.headers['x-total-count']).toBe('0');
    expect(empty.body).toBe('device_id,metric,ts,value\n');

    expect((await call('GET', `/api/export?${range}&asset_id=ghost`)).statusCode).toBe(404);
    expect((await call('GET', `/api/export?${range}&asset_id=..%2Fx`)).statusCode).toBe(400);
  });

  it.skipIf(skip)(
    'deleting an asset with schedules is refused, naming them, unless they are detached to the fleet',
    async () => {
      const refused = await call('DELETE', '/api/assets/line-b');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.message).toMatch(
        /0 child asset\(s\) and 1 device\(s\), and 1 report schedule\(s\) \('Line B daily'\) report on it/,
      );
      expect(refused.body).toContain('cascade=detach');

      expect((await call('DELETE', '/api/assets/line-b?cascade=detach')).statusCode).toBe(204);
      const listed = (await call('GET', '/api/report-schedules')).json() as { items: ReportSchedule[] };
      const schedule = listed.items.find((s) => s.name === 'Line B daily');
      expect(schedule?.scope).toBe('fleet');
      expect(schedule?.asset_id).toBeUndefined();

      const audit = await call('GET', '/api/audit?action=asset.delete');
      expect(audit.body).toContain('1 report schedule(s) now on the whole fleet');
    },
  );
});
