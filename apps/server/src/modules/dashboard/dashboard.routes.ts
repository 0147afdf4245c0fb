import { dashboardSchema } from '@dtwin/contracts/dashboard';
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
          'Fleet KPIs: health, devices, efficiency, energy use and cost, recommendations, recent alerts, the last 24 hours',
        response: { 200: dashboardSchema, ...errorResponses(401) },
      },
    },
    async () => dashboard.get(),
  );
}
