import { dashboardSchema, type Dashboard } from '@dtwin/contracts/dashboard';
import type { HttpClient } from '../../lib/http';

/** `GET /api/dashboard` → the fleet's KPIs, distributions, recent alerts and the last 24 h. */
export function getDashboard(http: HttpClient, signal?: AbortSignal): Promise<Dashboard> {
  return http.get('/api/dashboard', { schema: dashboardSchema, signal });
}
