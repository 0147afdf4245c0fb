import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { useAuth } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { readDashboardFile } from './dashboard-file';
import { createDashboard, listDashboards } from './dashboards-api';
import './DashboardsPage.css';

/**
 * The dashboards you can open: yours, the shared ones (all of them for admins), your home first.
 * With a home dashboard chosen, `/dashboards` opens it instead.
 */
export function DashboardsPage() {
  const http = useHttp();
  const navigate = useNavigate();
  const { session } = useAuth();
  const canBuild = session.status === 'authenticated' && hasRole(session.user.role, 'operator');
  const list = useQuery(['dashboards'], (signal) => listDashboards(http, signal));
  // Your home dashboard opens first; `?all` (its "All dashboards" link) shows the list.
  const [params] = useSearchParams();
  const home = list.data?.home ?? null;
  const showList = params.has('all');
  useEffect(() => {
    if (home && !showList) void navigate(`/dashboards/${home}`, { replace: true });
  }, [home, showList, navigate]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  async function create(body: Parameters<typeof createDashboard>[1]) {
    setBusy(true);
    setError(null);
    try {
      const made = await createDashboard(http, body);
      await navigate(`/dashboards/${made.id}?edit=1`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      await create(await readDashboardFile(file));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <>
      <PageHeader
        title="Dashboards"
        description="Screens you assemble yourself from charts, values, gauges, tables, alerts, the floor plan and notes."
        actions={
          canBuild && (
            <>
              <Button onClick={() => fileRef.current?.click()} disabled={busy}>
                Import…
              </Button>
              <input
                ref={fileRef}
                type="file"
                accept="application/json,.json"
                hidden
                aria-label="Dashboard file"
                onChange={(e) => void importFile(e)}
              />
              <Button
                variant="primary"
                busy={busy}
                onClick={() =>
                  void create({
                    name: 'New dashboard',
                    shared: false,
                    time_range: '1h',
                    variables: [],
                    widgets: [],
                  })
                }
              >
                New dashboard
              </Button>
            </>
          )
        }
      />
      {error !== null && <ErrorBanner title="Could not add the dashboard" error={error} />}
      <QueryView query={list} errorTitle="Could not load the dashboards" loadingLabel="Loading dashboards…">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No dashboards yet">
              {canBuild
                ? 'Make one with “New dashboard”, or import a file.'
                : 'Dashboards others share appear here.'}
            </EmptyState>
          ) : (
            <ul className="dashboard-cards">
              {[...data.items]
                .sort((a, b) => Number(b.id === data.home) - Number(a.id === data.home))
                .map((d) => (
                  <li key={d.id} className="dashboard-card panel">
                    <Link to={`/dashboards/${d.id}`} className="dashboard-card__name" title={d.name}>
                      {d.name}
                    </Link>
                    <span className="dashboard-card__meta">
                      {d.widgets} {d.widgets === 1 ? 'widget' : 'widgets'} · by {d.owner}
                    </span>
                    <span className="dashboard-card__badges">
                      {d.id === data.home && <Badge tone="info">Home</Badge>}
                      {d.shared && <Badge tone="neutral">Shared</Badge>}
                    </span>
                  </li>
                ))}
            </ul>
          )
        }
      </QueryView>
    </>
  );
}
