import { useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { listAssets } from '../assets/assets-api';
import { listAllDevices, listModels } from '../devices/devices-api';
import { DashboardView } from './DashboardView';
import { getDashboard, listDashboards } from './dashboards-api';
import './DashboardsPage.css';

/** `/dashboards/:id`: the dashboard with the fleet and models its widgets read. */
export function DashboardRoute() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  // `?edit=1` (a new dashboard) opens in edit mode once; a reload shows the saved dashboard.
  const [startEditing] = useState(() => params.get('edit') === '1');
  useEffect(() => {
    if (params.has('edit')) setParams({}, { replace: true });
  }, [params, setParams]);
  const http = useHttp();
  const query = useQuery(['dashboard', id], async (signal) => {
    const [dashboard, devices, models, list, assets] = await Promise.all([
      getDashboard(http, id, signal),
      listAllDevices(http, {}, signal),
      listModels(http, signal),
      listDashboards(http, signal),
      listAssets(http, {}, signal),
    ]);
    const byId = new Map(models.map((m) => [m.id, m]));
    return { dashboard, devices, assets, models: byId, home: list.home === id };
  });
  return (
    <QueryView query={query} errorTitle="Could not open the dashboard" loadingLabel="Loading the dashboard…">
      {(data) => (
        <DashboardView
          key={data.dashboard.id}
          dashboard={data.dashboard}
          devices={data.devices}
          assets={data.assets}
          models={data.models}
          home={data.home}
          startEditing={startEditing}
          onSaved={(dashboard) => query.update((d) => ({ ...d, dashboard }))}
          onHome={(home) => query.update((d) => ({ ...d, home }))}
        />
      )}
    </QueryView>
  );
}
