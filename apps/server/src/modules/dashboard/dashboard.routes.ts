import { dashboardQuerySchema, dashboardSchema } from '@dtwin/contracts/dashboard';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { DashboardService } from './dashboard.service';

export function registerDashboardRoutes(
  app: App,
  { dashboard }: { dashboard: Pick<DashboardService, 'get'> },
) {
  app.get(
    '/api/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Fleet KPIs (or those of one asset and everything below it): health, devices, efficiency, energy use and cost, recommendations, recent alerts, the last 24 hours',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => dashboard.get(request.query.asset_id ? { assetId: request.query.asset_id } : {}),
  );
}
