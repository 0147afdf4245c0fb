import {
  customDashboardSchema,
  dashboardListSchema,
  homeDashboardSchema,
  type CreateDashboardBody,
  type CustomDashboard,
  type DashboardList,
} from '@dtwin/contracts/dashboards';
import type { HttpClient } from '../../lib/http';

const path = (id: string) => `/api/dashboards/${encodeURIComponent(id)}`;

export function listDashboards(http: HttpClient, signal?: AbortSignal): Promise<DashboardList> {
  return http.get('/api/dashboards', { schema: dashboardListSchema, signal });
}

export function getDashboard(http: HttpClient, id: string, signal?: AbortSignal): Promise<CustomDashboard> {
  return http.get(path(id), { schema: customDashboardSchema, signal });
}

/** Also imports: an exported file is a valid body (its `id` and `owner` are ignored). */
export function createDashboard(http: HttpClient, body: CreateDashboardBody): Promise<CustomDashboard> {
  return http.post('/api/dashboards', { body, schema: customDashboardSchema });
}

export function saveDashboard(
  http: HttpClient,
  id: string,
  body: CreateDashboardBody,
): Promise<CustomDashboard> {
  return http.put(path(id), { body, schema: customDashboardSchema });
}

export async function deleteDashboard(http: HttpClient, id: string): Promise<void> {
  await http.delete(path(id));
}

export async function setHomeDashboard(http: HttpClient, id: string | null): Promise<string | null> {
  return (await http.put('/api/dashboards/home', { body: { dashboard_id: id }, schema: homeDashboardSchema }))
    .home;
}

/** What a dashboard file holds: everything but who owns it and its id here. */
export function toExport({ id: _id, owner: _owner, ...rest }: CustomDashboard): CreateDashboardBody {
  return rest;
}
