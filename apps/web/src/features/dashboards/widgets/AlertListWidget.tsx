import type { WidgetOf } from '@dtwin/contracts/dashboards';
import { Link } from 'react-router';
import { DateTime } from '../../../components/DateTime';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { useHttp } from '../../../lib/http-context';
import { useSocketEvent } from '../../../lib/socket-hooks';
import { useQuery } from '../../../lib/use-query';
import { SeverityBadge } from '../../alerts/AlertBadges';
import { listAlerts } from '../../alerts/alerts-api';
import { deviceName, resolveDevice, useDashboardScope } from '../dashboard-context';

/** Open alerts (of one device, or all), newest first; refreshed when an alert changes. */
export function AlertListWidget({ widget }: { widget: WidgetOf<'alert_list'> }) {
  const scope = useDashboardScope();
  const http = useHttp();
  const { options } = widget;
  const deviceId = resolveDevice(options.device, scope.variables);
  const alerts = useQuery(['dashboard-alerts', deviceId, options.limit, scope.epoch], (signal) =>
    listAlerts(
      http,
      {
        states: ['active', 'acknowledged'],
        ...(deviceId ? { device_id: deviceId } : {}),
        limit: options.limit,
        offset: 0,
      },
      signal,
    ),
  );
  useSocketEvent('alert', () => alerts.reload());

  if (alerts.error)
    return <ErrorBanner title="Could not load the alerts" error={alerts.error} onRetry={alerts.reload} />;
  const items = alerts.data?.items ?? [];
  return items.length === 0 ? (
    <p className="dash-widget__placeholder">{alerts.data ? 'No open alerts.' : 'Loading…'}</p>
  ) : (
    <ul className="alert-list-widget">
      {items.map((a) => (
        <li key={a.id}>
          <SeverityBadge severity={a.severity} />
          <Link to={`/devices/${encodeURIComponent(a.device_id)}`}>{deviceName(scope, a.device_id)}</Link>
          <span className="alert-list-widget__message" title={a.message}>
            {a.message}
          </span>
          <DateTime value={a.started_at} />
        </li>
      ))}
    </ul>
  );
}
