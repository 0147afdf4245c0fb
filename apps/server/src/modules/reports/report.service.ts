import crypto from 'node:crypto';
import type { CreateReportBody, Report, ReportFormat, ReportJobPayload } from '@dtwin/contracts/reports';
import type { JobContext } from '../../jobs/job-types';
import type { JobQueue } from '../../jobs/job-queue';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import { buildReport, type ReportSources } from './report-data';
import { renderHtml } from './report-html';
import { renderPdf } from './report-pdf';
import type { ReportRepository, ReportRow } from './report.repository';

const contentTypes: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
};

const iso = (ms: number) => new Date(ms).toISOString();

export const downloadUrl = (id: string) => `/api/reports/${id}/download`;

/**
 * The file name is made here from the scope and the date, never from anything a user typed
 * (device ids are restricted to letters, digits and `_ . -`).
 */
export function reportFileName(
  deviceId: string | null,
  format: ReportFormat,
  at: number,
  assetId?: string | null,
): string {
  const subject = deviceId ?? (assetId ? `asset-${assetId}` : 'fleet');
  return `digital-twin-${subject}-${iso(at).slice(0, 10)}.${format}`;
}

function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    scope: row.device_id === null ? 'fleet' : { device_id: row.device_id },
    ...(row.asset_id ? { asset_id: row.asset_id } : {}),
    from: iso(Number(row.period_from)),
    to: iso(Number(row.period_to)),
    format: row.format as ReportFormat,
    file_name: row.file_name,
    size: Number(row.size),
    created_by: row.created_by,
    created_at: iso(Number(row.created_at)),
    download_url: downloadUrl(row.id),
  };
}

interface Deps {
  reports: ReportRepository;
  jobs: Pick<JobQueue, 'enqueue' | 'unfinished'>;
  sources: ReportSources;
  audit: AuditService;
  clock: Clock;
  /** Reports one user may have waiting or rendering at once. */
  maxPendingPerUser?: number;
}

/** Health reports: requested over HTTP, rendered by a worker as a `report.generate` job, stored in the database. */
export function createReportService({ reports, jobs, sources, audit, clock, maxPendingPerUser = 3 }: Deps) {
  async function make(
    payload: ReportJobPayload,
    ctx: Pick<JobContext<ReportJobPayload>, 'id' | 'progress' | 'signal'>,
  ): Promise<{ id: string; fileName: string; contentType: string; content: Buffer }> {
    const now = clock.now();
    const document = await buildReport(
      sources,
      {
        scope: payload.scope,
        from: Date.parse(payload.from),
        to: Date.parse(payload.to),
        requestedBy: payload.requested_by,
        now,
        ...(payload.asset_id ? { assetId: payload.asset_id } : {}),
      },
      (fraction) => ctx.progress(fraction * 0.9),
      ctx.signal,
    );
    ctx.signal.throwIfAborted();
    const content =
      payload.format === 'pdf' ? await renderPdf(document) : Buffer.from(renderHtml(document), 'utf8');
    await ctx.progress(0.95);
    const id = `rep_${crypto.randomBytes(12).toString('base64url')}`;
    const deviceId = payload.scope === 'fleet' ? null : payload.scope.device_id;
    const fileName = reportFileName(deviceId, payload.format, now, payload.asset_id);
    await reports.insert({
      id,
      job_id: ctx.id,
      device_id: deviceId,
      asset_id: payload.asset_id ?? null,
      period_from: document.period.from,
      period_to: document.period.to,
      format: payload.format,
      file_name: fileName,
      content_type: contentTypes[payload.format],
      size: content.length,
      content,
      created_by: payload.requested_by,
      created_at: now,
    });
    return { id, fileName, contentType: contentTypes[payload.format], content };
  }

  return {
    /** Queues a report; resolves with the job to poll. */
    async request(body: CreateReportBody, actor: Actor): Promise<{ job_id: string }> {
      const username = actor.username ?? 'console';
      if (body.scope !== 'fleet') await sources.devices.get(body.scope.device_id);
      if (body.asset_id !== undefined) {
        if (!sources.assets) throw new AppError('bad_request', 'assets are not available here');
        await sources.assets.get(body.asset_id);
      }
      if ((await jobs.unfinished('report.generate', username)) >= maxPendingPerUser) {
        throw new AppError(
          'rate_limited',
          `you already have ${maxPendingPerUser} reports in progress; wait for one to finish`,
          {
            retryAfterS: 10,
          },
        );
      }
      const payload: ReportJobPayload = {
        scope: body.scope,
        from: iso(Date.parse(body.from)),
        to: iso(Date.parse(body.to)),
        format: body.format,
        requested_by: username,
        ...(body.asset_id ? { asset_id: body.asset_id } : {}),
      };
      const jobId = await jobs.enqueue('report.generate', payload, { createdBy: username });
      if (jobId === null) throw new AppError('internal', 'the report could not be queued');
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'report.request',
        target:
          body.scope !== 'fleet' ? body.scope.device_id : body.asset_id ? `asset:${body.asset_id}` : 'fleet',
        outcome: 'success',
        detail: `${body.format}, ${payload.from} to ${payload.to}`,
      });
      return { job_id: jobId };
    },

    /** The `report.generate` job: gather (90 % of the progress), render, store. */
    async generate(ctx: JobContext<ReportJobPayload>): Promise<{ report_id: string; download_url: string }> {
      const { id } = await make(ctx.payload, ctx);
      return { report_id: id, download_url: downloadUrl(id) };
    },

    /** Renders and stores a report; also returns the file, for a schedule to mail. */
    make,

    list: async (limit = 50): Promise<Report[]> => (await reports.list(limit)).map(toReport),

    async get(id: string): Promise<Report> {
      const row = await reports.get(id);
      if (!row) throw new AppError('not_found', `no report '${id}'`);
      return toReport(row);
    },

    async download(id: string): Promise<{ fileName: string; contentType: string; content: Buffer }> {
      const file = await reports.content(id);
      if (!file) throw new AppError('not_found', `no report '${id}'`);
      return { fileName: file.file_name, contentType: file.content_type, content: file.content };
    },

    /** Deletes reports older than `olderThanMs`. */
    prune: (olderThanMs: number) => reports.deleteCreatedBefore(clock.now() - olderThanMs),
  };
}

export type ReportService = ReturnType<typeof createReportService>;
