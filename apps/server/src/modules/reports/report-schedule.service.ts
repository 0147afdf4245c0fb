import {
  MAX_LISTED_RUNS,
  MAX_REPORT_SCHEDULES,
  type CreateReportScheduleBody,
  type ReportRun,
  type ReportSchedule,
} from '@dtwin/contracts/report-schedules';
import type { ReportFormat } from '@dtwin/contracts/reports';
import type { JobQueue } from '../../jobs/job-queue';
import type { JobContext } from '../../jobs/job-types';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import type { ReportRunRow, ReportScheduleRepository, ReportScheduleRow } from './report-schedule.repository';
import type { ReportService } from './report.service';
import type { ReportSources } from './report-sources';
import { nextRunAt } from './schedule-time';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** Where scheduled reports are mailed: implemented by the notifications module's report mailer. */
export interface ScheduleMailer {
  check(channelId: number): Promise<void>;
  mail(
    channelId: number,
    message: {
      subject: string;
      text: string;
      file: { filename: string; content: Buffer; contentType: string };
    },
  ): Promise<void>;
}

const toRun = (row: ReportRunRow): ReportRun => ({
  id: Number(row.id),
  schedule_id: Number(row.schedule_id),
  status: row.status as ReportRun['status'],
  started_at: iso(row.started_at),
  finished_at: row.finished_at === null ? null : iso(row.finished_at),
  report_id: row.report_id,
  error: row.error,
});

const timeOf = (row: ReportScheduleRow) => ({
  frequency: row.frequency as ReportSchedule['frequency'],
  time: row.time_of_day,
  weekday: row.weekday,
  dayOfMonth: row.day_of_month,
  timeZone: row.time_zone,
});

/**
 * Reports mailed on a schedule. A recurring job (`report.schedules`) starts the due ones: each
 * is moved to its next time first (so two workers never both start it), then gets a run queued
 * as a `report.scheduled` job that renders the report and mails it.
 */
export function createReportScheduleService({
  schedules,
  reports,
  jobs,
  mailer,
  devices,
  assetExists,
  audit,
  clock,
}: {
  schedules: ReportScheduleRepository;
  reports: Pick<ReportService, 'make'>;
  jobs: Pick<JobQueue, 'enqueue'>;
  mailer: ScheduleMailer;
  devices: Pick<ReportSources['devices'], 'get'>;
  /** Whether an asset exists (a schedule narrowed to an unknown one is refused). */
  assetExists: (assetId: string) => Promise<boolean>;
  audit: AuditService;
  clock: Clock;
}) {
  async function toSchedule(row: ReportScheduleRow): Promise<ReportSchedule> {
    const [last] = await schedules.runs(Number(row.id), 1);
    return {
      id: Number(row.id),
      name: row.name,
      scope: row.device_id === null ? 'fleet' : { device_id: row.device_id },
      ...(row.asset_id ? { asset_id: row.asset_id } : {}),
      period_days: row.period_days,
      format: row.format as ReportFormat,
      frequency: row.frequency as ReportSchedule['frequency'],
      time: row.time_of_day,
      weekday: row.weekday,
      day_of_month: row.day_of_month,
      time_zone: row.time_zone,
      channel_id: Number(row.channel_id),
      enabled: row.enabled === 1,
      next_run_at: iso(row.next_run_at),
      created_by: row.created_by,
      created_at: iso(row.created_at),
      last_run: last ? toRun(last) : null,
    };
  }

  async function load(id: number): Promise<ReportScheduleRow> {
    const row = await schedules.get(id);
    if (!row) throw new AppError('not_found', `no report schedule ${id}`);
    return row;
  }

  async function queueRun(row: ReportScheduleRow): Promise<number> {
    const runId = await schedules.insertRun({
      schedule_id: Number(row.id),
      started_at: clock.now(),
      finished_at: null,
      status: 'queued',
      report_id: null,
      error: null,
    });
    await jobs.enqueue('report.scheduled', { run_id: runId }, { createdBy: row.created_by });
    await schedules.pruneRuns(Number(row.id), MAX_LISTED_RUNS);
    return runId;
  }

  return {
    async list(): Promise<ReportSchedule[]> {
      return Promise.all((await schedules.list(MAX_REPORT_SCHEDULES)).map(toSchedule));
    },

    get: async (id: number) => toSchedule(await load(id)),

    async create(body: CreateReportScheduleBody, actor: Actor): Promise<ReportSchedule> {
      if ((await schedules.count()) >= MAX_REPORT_SCHEDULES)
        throw new AppError('conflict', `at most ${MAX_REPORT_SCHEDULES} report schedules; delete one first`);
      if (body.scope !== 'fleet') await devices.get(body.scope.device_id);
      if (body.asset_id !== undefined && !(await assetExists(body.asset_id)))
        throw new AppError('validation_failed', `no asset '${body.asset_id}'`, {
          fields: { asset_id: `'${body.asset_id}' is not a known asset` },
        });
      await mailer.check(body.channel_id);
      const weekday = body.frequency === 'weekly' ? (body.weekday ?? null) : null;
      const dayOfMonth = body.frequency === 'monthly' ? (body.day_of_month ?? null) : null;
      const now = clock.now();
      const next = nextRunAt(
        { frequency: body.frequency, time: body.time, weekday, dayOfMonth, timeZone: body.time_zone },
        now,
      );
      const id = await schedules.insert({
        name: body.name,
        device_id: body.scope === 'fleet' ? null : body.scope.device_id,
        asset_id: body.asset_id ?? null,
        period_days: body.period_days,
        format: body.format,
        frequency: body.frequency,
        time_of_day: body.time,
        weekday,
        day_of_month: dayOfMonth,
        time_zone: body.time_zone,
        channel_id: body.channel_id,
        enabled: body.enabled ? 1 : 0,
        next_run_at: next,
        created_by: actor.username ?? 'console',
        created_at: now,
      });
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'report.schedule.create',
        target: body.name,
        outcome: 'success',
        detail:
          `${body.frequency} at ${body.time} ${body.time_zone}, channel ${body.channel_id}` +
          (body.asset_id ? `, asset ${body.asset_id}` : ''),
      });
      return toSchedule(await load(id));
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const row = await load(id);
      await schedules.remove(id);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'report.schedule.delete',
        target: row.name,
        outcome: 'success',
      });
    },

    async runs(id: number): Promise<ReportRun[]> {
      await load(id);
      return (await schedules.runs(id, MAX_LISTED_RUNS)).map(toRun);
    },

    /** Runs a schedule now, outside its times (to try it). */
    async runNow(id: number): Promise<ReportRun> {
      const runId = await queueRun(await load(id));
      return toRun((await schedules.getRun(runId))!);
    },

    /** The `report.schedules` job: starts every schedule that is due. */
    async startDue(): Promise<{ started: number }> {
      const now = clock.now();
      let started = 0;
      for (const row of await schedules.due(now, MAX_REPORT_SCHEDULES)) {
        const next = nextRunAt(timeOf(row), now);
        if (!(await schedules.claim(Number(row.id), Number(row.next_run_at), next))) continue;
        await queueRun(row);
        started += 1;
      }
      return { started };
    },

    /** The `report.scheduled` job: render the run's report and mail it. */
    async execute(ctx: JobContext<{ run_id: number }>): Promise<{ report_id: string } | { skipped: string }> {
      const run = await schedules.getRun(ctx.payload.run_id);
      if (!run) return { skipped: 'the run was deleted with its schedule' };
      const row = await schedules.get(Number(run.schedule_id));
      if (!row) return { skipped: 'the schedule was deleted' };
      await schedules.updateRun(Number(run.id), { status: 'running', error: null });
      try {
        const to = clock.now();
        const file = await reports.make(
          {
            scope: row.device_id === null ? 'fleet' : { device_id: row.device_id },
            from: iso(to - row.period_days * DAY_MS),
            to: iso(to),
            format: row.format as ReportFormat,
            requested_by: row.created_by,
            ...(row.device_id === null && row.asset_id ? { asset_id: row.asset_id } : {}),
          },
          ctx,
        );
        const scope = row.device_id ?? (row.asset_id ? `asset ${row.asset_id}` : 'the fleet');
        await mailer.mail(Number(row.channel_id), {
          subject: `${row.name}: report for ${scope}, last ${row.period_days} ${row.period_days === 1 ? 'day' : 'days'}`,
          text:
            `The scheduled report "${row.name}" for ${scope} is attached (${file.fileName}).\n` +
            `It covers ${iso(to - row.period_days * DAY_MS)} to ${iso(to)}.\n`,
          file: { filename: file.fileName, content: file.content, contentType: file.contentType },
        });
        await schedules.updateRun(Number(run.id), {
          status: 'sent',
          finished_at: clock.now(),
          report_id: file.id,
        });
        return { report_id: file.id };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await schedules.updateRun(Number(run.id), {
          status: 'failed',
          finished_at: clock.now(),
          error: message.slice(0, 500),
        });
        throw err;
      }
    },
  };
}

export type ReportScheduleService = ReturnType<typeof createReportScheduleService>;
