import { deviceListSchema } from '@dtwin/contracts/devices';
import { jobSchema, type Job } from '@dtwin/contracts/jobs';
import { modelListSchema } from '@dtwin/contracts/models';
import {
  createReportResponseSchema,
  EXPORT_TOTAL_HEADER,
  reportListSchema,
  type createReportBodySchema,
  type ReportList,
} from '@dtwin/contracts/reports';
import type { z } from 'zod';
import type { DownloadedFile, HttpClient } from '../../lib/http';

export type ReportRequest = z.input<typeof createReportBodySchema>;

/** `POST /api/reports` → 202 `{job_id}`. */
export async function createReport(http: HttpClient, body: ReportRequest): Promise<string> {
  return (await http.post('/api/reports', { body, schema: createReportResponseSchema })).job_id;
}

/** `GET /api/jobs/{id}`: status and progress; a finished report's result links to its download. */
export function getJob(http: HttpClient, id: string, signal?: AbortSignal): Promise<Job> {
  return http.get(`/api/jobs/${encodeURIComponent(id)}`, { schema: jobSchema, signal });
}

/** `GET /api/reports` → the recent reports, newest first. */
export function listReports(http: HttpClient, signal?: AbortSignal): Promise<ReportList> {
  return http.get('/api/reports', { schema: reportListSchema, signal });
}

/** Devices and models for the pickers (a plant has at most a few thousand devices). */
export async function loadPickers(http: HttpClient, signal?: AbortSignal) {
  const [devices, models] = await Promise.all([
    http.get('/api/devices', { query: { limit: 1000, sort: 'name' }, schema: deviceListSchema, signal }),
    http.get('/api/models', { schema: modelListSchema, signal }),
  ]);
  return { devices: devices.items, models: models.items };
}

/** A report's file (`download_url` is the server's, e.g. `/api/reports/{id}/download`). */
export function downloadReport(http: HttpClient, url: string, signal?: AbortSignal): Promise<DownloadedFile> {
  return http.download(url, { signal });
}

export interface ExportParams {
  format: 'csv' | 'json';
  from: string;
  to: string;
  step: 'raw' | '1m' | '1h';
  /** The devices of this asset and everything under it (with `device_id`: that device, if it is). */
  asset_id?: string;
  device_id?: string;
  metric?: string;
}

/**
 * `GET /api/export`, streamed. `onProgress(rows, total)` follows the rows as they arrive (one per
 * line in both formats), against the count the server announces in `X-Total-Count`.
 */
export function exportTelemetry(
  http: HttpClient,
  params: ExportParams,
  onProgress: (rows: number, total: number | null) => void,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  let total: number | null = null;
  let lines = 0;
  return http.download('/api/export', {
    query: { ...params },
    signal,
    onStart: (headers) => {
      const announced = Number(headers.get(EXPORT_TOTAL_HEADER));
      total = Number.isFinite(announced) && headers.has(EXPORT_TOTAL_HEADER) ? announced : null;
      onProgress(0, total);
    },
    onChunk: (chunk) => {
      for (const byte of chunk) if (byte === 10) lines += 1;
      // The first line is CSV's header or JSON's opening bracket; every row then ends a line.
      onProgress(Math.max(0, Math.min(lines - 1, total ?? Infinity)), total);
    },
  });
}
