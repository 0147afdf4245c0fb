import type { Alert } from '@dtwin/contracts/alerts';
import { Badge, type BadgeTone } from '../../components/Badge';
import { formatValue } from '../../components/charts/format-value';
import { DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch, useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { listDeviceAlerts } from './analytics-api';

const severityTones: Record<Alert['severity'], BadgeTone> = {
  info: 'info',
  warning: 'warning',
  critical: 'danger',
};

const columns: Column<Alert>[] = [
  {
    key: 'severity',
    header: 'Severity',
    render: (a) => <Badge tone={severityTones[a.severity]}>{a.severity}</Badge>,
  },
  { key: 'state', header: 'State', render: (a) => a.state },
  { key: 'rule', header: 'Rule', className: 'cell--wrap', render: (a) => a.rule_name },
  { key: 'message', header: 'Message', className: 'cell--wrap', render: (a) => a.message },
  { key: 'value', header: 'Last value', render: (a) => formatValue(a.value) },
  { key: 'count', header: 'Count', render: (a) => a.count },
  { key: 'started', header: 'Started', render: (a) => <DateTime value={a.started_at} /> },
  { key: 'closed', header: 'Closed', render: (a) => <DateTime value={a.cleared_at ?? a.resolved_at} /> },
];

/** The device's alerts, newest first; refetched when one of them changes live. */
export function AlertHistoryPanel({ deviceId }: { deviceId: string }) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const alerts = useQuery(['alerts', deviceId, epoch], (signal) => listDeviceAlerts(http, deviceId, signal));
  useSocketEvent('alert', (event) => {
    if (event.alert.device_id === deviceId) alerts.reload();
  });
  return (
    <section className="panel" aria-labelledby="alerts-title">
      <h2 className="panel__title" id="alerts-title">
        Alert history
      </h2>
      <AnalyticsSection what="Alert history" query={alerts}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="cell--muted">This device has raised no alerts.</p>
          ) : (
            <>
              <DataTable caption="Alerts of this device" columns={columns} rows={data.items} />
              {data.total > data.items.length && (
                <p className="cell--muted">
                  Showing the newest {data.items.length} of {data.total}.
                </p>
              )}
            </>
          )
        }
      </AnalyticsSection>
    </section>
  );
}
