import { dashboardSchema, type Dashboard } from '@dtwin/contracts/dashboard';
import type { HttpClient } from '../../lib/http';

/**
 * `GET /api/dashboard?asset_id=` → the fleet's KPIs, distributions, recent alerts and the last 24 h;
 * with `assetId`, those of that asset and everything under it.
 */
export function getDashboard(
  http: HttpClient,
  assetId: string | null,
  signal?: AbortSignal,
): Promise<Dashboard> {
  return http.get('/api/dashboard', { query: { asset_id: assetId }, schema: dashboardSchema, signal });
}
