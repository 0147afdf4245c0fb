import type { DashboardAlert } from '@dtwin/contracts/dashboard';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { useAlertUpdates } from '../alerts/use-alert-updates';
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
  const dashboard = useQuery(['dashboard', resync], (signal) => getDashboard(http, signal));
  const { reload } = dashboard;

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const fetched = dashboard.data?.recent_alerts ?? [];
  const [live, setLive] = useState<DashboardAlert[]>([]);
  const fresh = useFreshIds<string>();
  useAlertUpdates((events) => {
    setLive((current) => applyFeedEvents(current, fetched, events));
    for (const event of events) if (event.change === 'raised') fresh.mark(String(event.alert.id));
  });

  const data = dashboard.data;

  return (
    <>
      <PageHeader
        title="Fleet dashboard"
        description={
          <>
            Welcome, {user.username} ({roleLabels[user.role]}). {data && <UpdatedAgo at={data.computed_at} />}
          </>
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
        <EmptyState title="No devices yet">
          <p>
            Add devices, or start the server with the simulator on, and the fleet appears here.{' '}
            <Link to="/devices">Go to the devices</Link>
          </p>
        </EmptyState>
      ) : (
        <div className="dashboard">
          <KpiTiles data={data} />
          <div className="dashboard__grid">
            <div className="dashboard__main">
              <PerformanceCharts performance={data.performance} />
              <FleetDistribution data={data} />
            </div>
            <LiveAlertFeed items={mergeFeed(live, fetched)} freshIds={fresh.ids} />
          </div>
        </div>
      )}
    </>
  );
}
