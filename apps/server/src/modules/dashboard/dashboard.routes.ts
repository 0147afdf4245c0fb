import { dashboardSchema } from '@dtwin/contracts/dashboard';
import { errorBodySchema } from '@dtwin/contracts/errors';
import type { App } from '../../http/types';
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
        response: { 200: dashboardSchema, 401: errorBodySchema },
      },
    },
    async () => dashboard.get(),
  );
}
