import type { DashboardAlert } from '@dtwin/contracts/dashboard';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useHttp } from '../../lib/http-context';
import { withParams } from '../../lib/search-params';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { useAlertUpdates } from '../alerts/use-alert-updates';
import { AssetSelect, useAssets } from '../assets/AssetSelect';
import { listAllDevices } from '../devices/devices-api';
import { useFreshIds } from '../alerts/use-fresh-ids';
import { useCurrentUser } from '../auth/auth-context';
import { roleLabels } from '../auth/roles';
import { applyFeedEvents, mergeFeed } from './alert-feed';
import { getDashboard } from './dashboard-api';
import { FleetDistribution } from './FleetDistribution';
import { KpiTiles } from './KpiTiles';
import { LiveAlertFeed } from './LiveAlertFeed';
import { PerformanceCharts } from './PerformanceCharts';
import { UpdatedAgo } from './UpdatedAgo';
import './DashboardPage.css';

/** The figures are recomputed on the server; ask again this often while the page is visible. */
const REFRESH_MS = 30_000;

/** The fleet at a glance: KPIs, status, the last 24 hours, and alerts as they are raised. */
export function DashboardPage() {
  const http = useHttp();
  const user = useCurrentUser();
  const resync = useResyncEpoch();
  const [params, setParams] = useSearchParams();
  // `?asset=`: the KPIs of one asset and everything under it.
  const assetId = params.get('asset') || null;
  const assets = useAssets(resync);
  const asset = assets.data?.find((a) => a.id === assetId);
  const dashboard = useQuery(['dashboard', assetId, resync], (signal) => getDashboard(http, assetId, signal));
  const { reload } = dashboard;

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  // Narrowed to an asset, the live feed keeps only the alerts of its devices.
  const members = useQuery(['dashboard-asset-devices', assetId, resync], (signal) =>
    assetId
      ? listAllDevices(http, { asset_id: assetId }, signal).then((list) => new Set(list.map((d) => d.id)))
      : Promise.resolve(null),
  );
  const fetched = dashboard.data?.recent_alerts ?? [];
  const [live, setLive] = useState<{ assetId: string | null; items: DashboardAlert[] }>({
    assetId,
    items: [],
  });
  const liveItems = live.assetId === assetId ? live.items : [];
  const fresh = useFreshIds<string>();
  useAlertUpdates((all) => {
    const inScope = members.data;
    if (assetId && !inScope) return;
    const events = inScope ? all.filter((e) => inScope.has(e.alert.device_id)) : all;
    setLive((current) => ({
      assetId,
      items: applyFeedEvents(current.assetId === assetId ? current.items : [], fetched, events),
    }));
    for (const event of events) if (event.change === 'raised') fresh.mark(String(event.alert.id));
  });

  const data = dashboard.data;

  return (
    <>
      <PageHeader
        title="Fleet dashboard"
        description={
          <>
            Welcome, {user.username} ({roleLabels[user.role]}).{' '}
            {assetId && <>Showing {asset?.name ?? assetId} and everything under it. </>}
            {data && <UpdatedAgo at={data.computed_at} />}
          </>
        }
        actions={
          <AssetSelect
            label="Asset"
            none="Whole plant"
            className="dashboard__asset"
            assets={assets.data}
            failed={assets.error !== null && !assets.data}
            value={assetId ?? ''}
            onChange={(e) => setParams(withParams(params, { asset: e.target.value || null }))}
          />
        }
      />
      {dashboard.error !== null && (
        <ErrorBanner
          title={
            data
              ? 'Could not refresh the dashboard; the figures below are from the last answer'
              : 'Could not load the dashboard'
          }
          error={dashboard.error}
          onRetry={reload}
        />
      )}
      {data === undefined ? (
        dashboard.loading && <LoadingState label="Loading the fleet…" />
      ) : data.devices.total === 0 ? (
        assetId ? (
          <EmptyState title={`No devices under ${asset?.name ?? assetId}`}>
            <p>
              Attach devices to it on its{' '}
              <Link to={`/assets/${encodeURIComponent(assetId)}`}>asset page</Link>, or choose the whole
              plant.
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No devices yet">
            <p>
              Add devices, or start the server with the simulator on, and the fleet appears here.{' '}
              <Link to="/devices">Go to the devices</Link>
            </p>
          </EmptyState>
        )
      ) : (
        <div className="dashboard">
          <KpiTiles data={data} />
          <div className="dashboard__grid">
            <div className="dashboard__main">
              <PerformanceCharts performance={data.performance} />
              <FleetDistribution data={data} />
            </div>
            <LiveAlertFeed items={mergeFeed(liveItems, fetched)} freshIds={fresh.ids} />
          </div>
        </div>
      )}
    </>
  );
}
