import type { Notification } from '@dtwin/contracts/notifications';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { SeverityBadge } from '../alerts/AlertBadges';
import {
  channelTypeLabels,
  notificationKindLabels,
  notificationStatusLabels,
  notificationStatusTones,
} from './channel-labels';

export function NotificationLogTable({ items, busy }: { items: readonly Notification[]; busy: boolean }) {
  const columns: Column<Notification>[] = [
    {
      key: 'when',
      header: 'When',
      render: (n) => <DateTime value={n.attempted_at ?? n.scheduled_at} />,
    },
    {
      key: 'channel',
      header: 'Channel',
      render: (n) => (
        <>
          {n.channel_name} <span className="cell--muted">{channelTypeLabels[n.channel_type]}</span>
        </>
      ),
    },
    { key: 'kind', header: 'Kind', render: (n) => notificationKindLabels[n.kind] },
    { key: 'severity', header: 'Severity', render: (n) => <SeverityBadge severity={n.severity} /> },
    { key: 'subject', header: 'Subject', className: 'cell--wrap', render: (n) => n.subject },
    {
      key: 'status',
      header: 'Status',
      render: (n) => (
        <Badge tone={notificationStatusTones[n.status]}>{notificationStatusLabels[n.status]}</Badge>
      ),
    },
    { key: 'attempt', header: 'Attempt', render: (n) => n.attempt },
    {
      key: 'error',
      header: 'Error',
      className: 'cell--wrap',
      render: (n) => n.error ?? <span className="cell--muted">—</span>,
    },
  ];
  return <DataTable caption="Delivery attempts" columns={columns} rows={items} busy={busy} />;
}
