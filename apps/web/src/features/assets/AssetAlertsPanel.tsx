import type { Alert } from '@dtwin/contracts/alerts';
import { Link } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { EmptyState } from '../../components/EmptyState';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch, useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { SeverityBadge, StateBadge } from '../alerts/AlertBadges';
import { listAlerts } from '../alerts/alerts-api';

/** The most open alerts fetched at once; the panel says when the plant has more. */
const LIMIT = 500;

interface AssetAlertsPanelProps {
  /** Every device in the asset's subtree, id → name. */
  devices: ReadonlyMap<string, string>;
}

/** The subtree's open alerts (active and acknowledged), worst first; refreshed when any alert changes. */
export function AssetAlertsPanel({ devices }: AssetAlertsPanelProps) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const alerts = useQuery(['asset-alerts', epoch], (signal) =>
    listAlerts(http, { states: ['active', 'acknowledged'], limit: LIMIT, offset: 0 }, signal),
  );
  useSocketEvent('alert', (event) => {
    if (devices.has(event.alert.device_id)) alerts.reload();
  });

  const columns: Column<Alert>[] = [
    { key: 'severity', header: 'Severity', render: (a) => <SeverityBadge severity={a.severity} /> },
    { key: 'state', header: 'State', render: (a) => <StateBadge state={a.state} /> },
    {
      key: 'device',
      header: 'Device',
      render: (a) => (
        <Link to={`/devices/${encodeURIComponent(a.device_id)}?tab=alerts`}>
          {devices.get(a.device_id) ?? a.device_id}
        </Link>
      ),
    },
    { key: 'message', header: 'Message', className: 'cell--wrap', render: (a) => a.message },
    { key: 'started', header: 'Started', render: (a) => <DateTime value={a.started_at} /> },
  ];
  const rank = { critical: 0, warning: 1, info: 2 } as const;

  return (
    <section className="panel" aria-labelledby="asset-alerts-title">
      <h2 className="panel__title" id="asset-alerts-title">
        Open alerts
      </h2>
      <QueryView query={alerts} errorTitle="Could not load the alerts" loadingLabel="Loading the alerts…">
        {(list) => {
          const mine = list.items
            .filter((a) => devices.has(a.device_id))
            .sort((a, b) => rank[a.severity] - rank[b.severity] || b.started_at.localeCompare(a.started_at));
          return (
            <>
              {mine.length === 0 ? (
                <EmptyState title="No open alerts under this asset" />
              ) : (
                <DataTable caption="Open alerts under this asset" columns={columns} rows={mine} />
              )}
              {list.total > list.items.length && (
                <p className="cell--muted">
                  The plant has more than {LIMIT} open alerts; the <Link to="/alerts">alerts page</Link> lists
                  them all.
                </p>
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
