import type { Alert, AlertList } from '@dtwin/contracts/alerts';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { SeverityBadge, StateBadge } from '../alerts/AlertBadges';
import { changeAlert, listAlerts } from '../alerts/alerts-api';
import { replaceAlert } from '../alerts/alert-list';
import { useAlertUpdates } from '../alerts/use-alert-updates';
import { assetHref } from './AssetTree';

/** The most open alerts fetched at once; the panel says when the asset has more. */
const LIMIT = 500;
const rank = { critical: 0, warning: 1, info: 2 } as const;

interface AssetAlertsPanelProps {
  assetId: string;
  /** Every device in the asset's subtree, id → name. */
  devices: ReadonlyMap<string, string>;
  /** The asset and every asset under it, id → name: rules on their computed metrics raise alerts too. */
  assets: ReadonlyMap<string, string>;
  /** Operators and admins acknowledge from here. */
  canAct: boolean;
}

/** An alert of the subtree as it now is: listed while active or acknowledged, else taken out. */
export function foldAlert(list: AlertList, alert: Alert): AlertList {
  const listed = list.items.some((a) => a.id === alert.id);
  if (alert.state === 'active' || alert.state === 'acknowledged') {
    if (listed) return replaceAlert(list, alert);
    return { ...list, items: [alert, ...list.items], total: list.total + 1 };
  }
  if (!listed) return list;
  return { ...list, items: list.items.filter((a) => a.id !== alert.id), total: list.total - 1 };
}

/**
 * The subtree's open alerts (active and acknowledged), worst first: its devices' and those of
 * rules on its assets' computed metrics (`GET /api/alerts?asset_id=`), kept current from the
 * alert events of the fleet room and fetched again after a reconnection.
 */
export function AssetAlertsPanel({ assetId, devices, assets, canAct }: AssetAlertsPanelProps) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const [pending, setPending] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const alerts = useQuery(['asset-alerts', assetId, epoch], (signal) =>
    listAlerts(
      http,
      { asset_id: assetId, states: ['active', 'acknowledged'], limit: LIMIT, offset: 0 },
      signal,
    ),
  );
  // Changes are folded in as they come, without a request: a flood costs no round trips.
  useAlertUpdates((events) => {
    const mine = events.filter((e) => devices.has(e.alert.device_id) || assets.has(e.alert.device_id));
    if (mine.length > 0) alerts.update((list) => mine.reduce((l, e) => foldAlert(l, e.alert), list));
  });

  async function acknowledge(alert: Alert) {
    setPending(alert.id);
    setFailure(null);
    try {
      const changed = await changeAlert(http, alert.id, 'acknowledge');
      alerts.update((list: AlertList) => replaceAlert(list, changed));
    } catch (error) {
      setFailure(error);
    } finally {
      setPending(null);
    }
  }

  const subject = (a: Alert) =>
    assets.has(a.device_id) ? (
      <Link to={assetHref(a.device_id)}>{assets.get(a.device_id)}</Link>
    ) : (
      <Link to={`/devices/${encodeURIComponent(a.device_id)}?tab=alerts`}>
        {devices.get(a.device_id) ?? a.device_id}
      </Link>
    );
  const columns: Column<Alert>[] = [
    { key: 'severity', header: 'Severity', render: (a) => <SeverityBadge severity={a.severity} /> },
    { key: 'state', header: 'State', render: (a) => <StateBadge state={a.state} /> },
    { key: 'subject', header: 'Device or asset', render: subject },
    { key: 'message', header: 'Message', className: 'cell--wrap', render: (a) => a.message },
    { key: 'started', header: 'Started', render: (a) => <DateTime value={a.started_at} /> },
    ...(canAct
      ? [
          actionsColumn<Alert>((a) =>
            a.acknowledged_at === null ? (
              <Button
                size="sm"
                variant="primary"
                disabled={pending === a.id}
                aria-label={`Acknowledge ${a.rule_name} on ${a.device_id}`}
                onClick={() => void acknowledge(a)}
              >
                Acknowledge
              </Button>
            ) : null,
          ),
        ]
      : []),
  ];

  return (
    <section className="panel" aria-labelledby="asset-alerts-title">
      <h2 className="panel__title" id="asset-alerts-title">
        Open alerts
      </h2>
      {failure !== null && (
        <ErrorBanner
          title="The alert was not acknowledged"
          error={failure}
          onDismiss={() => setFailure(null)}
        />
      )}
      <QueryView query={alerts} errorTitle="Could not load the alerts" loadingLabel="Loading the alerts…">
        {(list) => {
          const sorted = [...list.items].sort(
            (a, b) => rank[a.severity] - rank[b.severity] || b.started_at.localeCompare(a.started_at),
          );
          return (
            <>
              {sorted.length === 0 ? (
                <EmptyState title="No open alerts under this asset" />
              ) : (
                <DataTable caption="Open alerts under this asset" columns={columns} rows={sorted} />
              )}
              {list.total > list.items.length && (
                <p className="cell--muted">
                  This asset has more than {LIMIT} open alerts; the <Link to="/alerts">alerts page</Link>{' '}
                  lists them all.
                </p>
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
