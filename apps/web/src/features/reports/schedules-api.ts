import {
  reportRunListSchema,
  reportRunSchema,
  reportScheduleListSchema,
  reportScheduleSchema,
  type createReportScheduleBodySchema,
  type ReportRun,
  type ReportSchedule,
} from '@dtwin/contracts/report-schedules';
import type { z } from 'zod';
import type { HttpClient } from '../../lib/http';

export type ScheduleRequest = z.input<typeof createReportScheduleBodySchema>;

/** `GET /api/report-schedules` → every schedule with its last run. */
export async function listSchedules(http: HttpClient, signal?: AbortSignal): Promise<ReportSchedule[]> {
  return (await http.get('/api/report-schedules', { schema: reportScheduleListSchema, signal })).items;
}

/** `POST /api/report-schedules` → the schedule, with its next run. */
export function createSchedule(http: HttpClient, body: ScheduleRequest): Promise<ReportSchedule> {
  return http.post('/api/report-schedules', { body, schema: reportScheduleSchema });
}

/** `DELETE /api/report-schedules/{id}`. */
export async function deleteSchedule(http: HttpClient, id: number): Promise<void> {
  await http.delete(`/api/report-schedules/${id}`);
}

/** `POST /api/report-schedules/{id}/run` → the queued run. */
export function runScheduleNow(http: HttpClient, id: number): Promise<ReportRun> {
  return http.post(`/api/report-schedules/${id}/run`, { schema: reportRunSchema });
}

/** `GET /api/report-schedules/{id}/runs` → the latest runs, newest first. */
export async function listRuns(http: HttpClient, id: number, signal?: AbortSignal): Promise<ReportRun[]> {
  return (await http.get(`/api/report-schedules/${id}/runs`, { schema: reportRunListSchema, signal })).items;
}
