import type { ReportRun, ReportSchedule } from '@dtwin/contracts/report-schedules';
import { afterEach, describe, expect, it } from 'vitest';
import { createJobRepository } from '../src/jobs/job.repository';
import { createJobRunner } from '../src/jobs/job-runner';
import { createLogger } from '../src/lib/logger';
import { people, startSmtpSink, type People } from './support/alerting';
import { dialects, startTestServer, type TestServer } from './support/server';
import { createDevice } from './reports-fixture';

describe.each(dialects)('scheduled reports on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  afterEach(async () => {
    if (skip) return;
    await server.close();
    await smtp.close();
  });

  async function setup() {
    server = await startTestServer(name);
    smtp = await startSmtpSink();
    // 2026-03-10 05:00 UTC (06:00 in Berlin).
    server.clock.set(Date.parse('2026-03-10T05:00:00Z'));
    who = await people(server);
    await createDevice(server, 'PUMP_7', 'centrifugal_pump', 'Cooling water pump 7');
  }

  async function channel(body: object): Promise<number> {
    const res = await server.inject({
      method: 'POST',
      url: '/api/channels',
      token: who.admin,
      payload: { min_severity: 'info', ...body },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return (res.json() as { id: number }).id;
  }

  const mailChannel = (port: number) =>
    channel({
      name: 'Managers',
      type: 'email',
      email: { host: '127.0.0.1', port, from: 'twin@plant.example', to: ['plant-manager@plant.example'] },
    });

  const schedule = (body: object, token = who.admin) =>
    server.inject({ method: 'POST', url: '/api/report-schedules', token, payload: body });

  function runJobs() {
    const runner = createJobRunner({
      jobs: createJobRepository(server.container.database),
      handlers: {
        'report.schedules': () => server.container.reportSchedules.startDue(),
        'report.scheduled': (ctx) => server.container.reportSchedules.execute(ctx),
      },
      clock: server.clock,
      logger: createLogger({ level: 'silent' }),
      options: { progressIntervalMs: 0 },
    });
    return runner.drain();
  }

  const runsOf = async (id: number) =>
    (
      (
        await server.inject({ method: 'GET', url: `/api/report-schedules/${id}/runs`, token: who.viewer })
      ).json() as {
        items: ReportRun[];
      }
    ).items;

  it.skipIf(skip)(
    'mails the report at its local time through the e-mail channel and keeps the runs',
    async () => {
      await setup();
      const channelId = await mailChannel(smtp.port);
      const created = await schedule({
        name: 'Daily pump report',
        scope: { device_id: 'PUMP_7' },
        period_days: 1,
        format: 'pdf',
        frequency: 'daily',
        time: '07:30',
        time_zone: 'Europe/Berlin',
        channel_id: channelId,
      });
      expect(created.statusCode).toBe(201);
      const s = created.json() as ReportSchedule;
      expect(s).toMatchObject({ next_run_at: '2026-03-10T06:30:00.000Z', enabled: true, last_run: null });

      // Not yet due: nothing starts.
      expect(await server.container.reportSchedules.startDue()).toEqual({ started: 0 });
      server.clock.set(Date.parse('2026-03-10T06:31:00Z'));
      expect(await server.container.reportSchedules.startDue()).toEqual({ started: 1 });
      expect(await server.container.reportSchedules.startDue()).toEqual({ started: 0 });
      await runJobs();

      expect(smtp.mails).toHaveLength(1);
      const [mail] = smtp.mails;
      expect(mail!.to).toEqual(['plant-manager@plant.example']);
      expect(mail!.subject).toBe('Daily pump report: report for PUMP_7, last 1 day');
      expect(mail!.text).toContain('digital-twin-PUMP_7-2026-03-10.pdf');

      const runs = await runsOf(s.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'sent', error: null });
      expect(runs[0]!.report_id).toMatch(/^rep_/);
      const report = await server.inject({
        method: 'GET',
        url: `/api/reports/${runs[0]!.report_id}`,
        token: who.viewer,
      });
      expect(report.statusCode).toBe(200);

      const after = (
        await server.inject({ method: 'GET', url: `/api/report-schedules/${s.id}`, token: who.viewer })
      ).json() as ReportSchedule;
      expect(after.next_run_at).toBe('2026-03-11T06:30:00.000Z');
      expect(after.last_run?.status).toBe('sent');
    },
  );

  it.skipIf(skip)('records a failed run with the reason when the mail cannot be sent', async () => {
    await setup();
    const closed = await startSmtpSink();
    await closed.close();
    const channelId = await mailChannel(closed.port);
    const s = (
      await schedule({
        name: 'Weekly fleet',
        scope: 'fleet',
        period_days: 7,
        format: 'html',
        frequency: 'weekly',
        weekday: 1,
        time: '06:00',
        time_zone: 'UTC',
        channel_id: channelId,
      })
    ).json() as ReportSchedule;
    const run = await server.inject({
      method: 'POST',
      url: `/api/report-schedules/${s.id}/run`,
      token: who.admin,
    });
    expect(run.statusCode).toBe(202);
    await runJobs();
    const [last] = await runsOf(s.id);
    expect(last?.status).toBe('failed');
    expect(last?.error).toBeTruthy();
  });

  it.skipIf(skip)('refuses a bad schedule with the field named, and only admins may make one', async () => {
    await setup();
    const mail = await mailChannel(smtp.port);
    const slack = await channel({
      name: 'Slack',
      type: 'slack',
      url: 'https://hooks.slack.com/services/T1/B1/x',
    });
    const base = {
      name: 'Report',
      scope: 'fleet',
      period_days: 7,
      frequency: 'daily',
      time: '07:00',
      time_zone: 'Europe/Berlin',
      channel_id: mail,
    };
    expect((await schedule(base, who.viewer)).statusCode).toBe(403);
    expect((await schedule(base, who.operator)).statusCode).toBe(403);
    for (const [patch, field] of [
      [{ time_zone: 'Mars/Olympus' }, 'time_zone'],
      [{ time: '25:00' }, 'time'],
      [{ frequency: 'weekly' }, 'weekday'],
      [{ frequency: 'monthly', day_of_month: 31 }, 'day_of_month'],
      [{ channel_id: slack }, 'channel_id'],
      [{ name: 'x'.repeat(121) }, 'name'],
    ] as const) {
      const res = await schedule({ ...base, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(Object.keys((res.json() as { error: { fields: object } }).error.fields)).toContain(field);
    }
  });
});
