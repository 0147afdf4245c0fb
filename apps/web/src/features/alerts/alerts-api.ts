import {
  alertCommentListSchema,
  alertCommentSchema,
  alertListSchema,
  alertSchema,
  bulkAlertResultSchema,
  type Alert,
  type AlertComment,
  type BulkAlertBody,
  type BulkAlertResult,
  type AlertList,
  type AlertState,
  type Severity,
  type ShelveBody,
} from '@dtwin/contracts/alerts';
import type { HttpClient } from '../../lib/http';

export const ALERTS_PAGE_SIZE = 25;

export interface AlertListParams {
  states?: readonly AlertState[];
  severity?: Severity;
  device_id?: string;
  /** An asset and everything under it (its devices, and its assets' computed-metric alerts). */
  asset_id?: string;
  group_id?: string;
  /** Ask for the floods among the matching alerts as well. */
  group?: boolean;
  limit: number;
  offset: number;
}

/** `GET /api/alerts?state=a,b&severity=&device_id=&asset_id=&group_id=&group=&limit=&offset=` → `{items, total, groups?}`. */
export function listAlerts(
  http: HttpClient,
  params: AlertListParams,
  signal?: AbortSignal,
): Promise<AlertList> {
  const { states, group, ...rest } = params;
  return http.get('/api/alerts', {
    query: { ...rest, state: states?.join(','), group: group ? 'true' : undefined },
    schema: alertListSchema,
    signal,
  });
}

export type AlertAction = 'acknowledge' | 'resolve';

/** `POST /api/alerts/{id}/acknowledge` or `/resolve` → the alert as it is now. */
export function changeAlert(http: HttpClient, id: number, action: AlertAction): Promise<Alert> {
  return http.post(`/api/alerts/${id}/${action}`, { schema: alertSchema });
}

/** `POST /api/alerts/{id}/shelve {duration_s, reason}` → the shelved alert. */
export function shelveAlert(http: HttpClient, id: number, body: ShelveBody): Promise<Alert> {
  return http.post(`/api/alerts/${id}/shelve`, { body, schema: alertSchema });
}

/** `POST /api/alerts/{id}/unshelve` → the alert, open again. */
export function unshelveAlert(http: HttpClient, id: number): Promise<Alert> {
  return http.post(`/api/alerts/${id}/unshelve`, { schema: alertSchema });
}

/** `POST /api/alerts/bulk {ids, action, shelve?}` → one outcome per alert. */
export function bulkAlerts(http: HttpClient, body: BulkAlertBody): Promise<BulkAlertResult> {
  return http.post('/api/alerts/bulk', { body, schema: bulkAlertResultSchema });
}

/** `GET /api/alerts/{id}/comments` → the comments, oldest first. */
export async function listComments(
  http: HttpClient,
  id: number,
  signal?: AbortSignal,
): Promise<AlertComment[]> {
  return (await http.get(`/api/alerts/${id}/comments`, { schema: alertCommentListSchema, signal })).items;
}

/** `POST /api/alerts/{id}/comments {body}` → the comment. */
export function addComment(http: HttpClient, id: number, body: string): Promise<AlertComment> {
  return http.post(`/api/alerts/${id}/comments`, { body: { body }, schema: alertCommentSchema });
}
