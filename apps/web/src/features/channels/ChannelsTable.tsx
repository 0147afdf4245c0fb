import type { Channel } from '@dtwin/contracts/notifications';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { severityLabels } from '../alerts/alert-labels';
import { channelTypeLabels } from './channel-labels';

interface ChannelsTableProps {
  channels: readonly Channel[];
  testing: ReadonlySet<number>;
  busy: boolean;
  onTest: (channel: Channel) => void;
  onEdit: (channel: Channel) => void;
  onDelete: (channel: Channel) => void;
}

export function ChannelsTable({ channels, testing, busy, onTest, onEdit, onDelete }: ChannelsTableProps) {
  const columns: Column<Channel>[] = [
    { key: 'name', header: 'Name', render: (c) => <strong>{c.name}</strong> },
    { key: 'type', header: 'Type', render: (c) => channelTypeLabels[c.type] },
    { key: 'target', header: 'Sends to', className: 'cell--wrap', render: (c) => target(c) },
    {
      key: 'severity',
      header: 'Alerts of',
      render: (c) => `${severityLabels[c.min_severity]} and above`,
    },
    {
      key: 'status',
      header: 'Status',
      render: (c) => (c.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>),
    },
    actionsColumn((c) => (
      <span className="row-actions">
        <Button
          size="sm"
          busy={testing.has(c.id)}
          aria-label={`Send a test to ${c.name}`}
          onClick={() => onTest(c)}
        >
          Send test
        </Button>
        <Button size="sm" aria-label={`Edit ${c.name}`} onClick={() => onEdit(c)}>
          Edit
        </Button>
        <Button size="sm" aria-label={`Delete ${c.name}`} onClick={() => onDelete(c)}>
          Delete
        </Button>
      </span>
    )),
  ];
  return <DataTable caption="Notification channels" columns={columns} rows={channels} busy={busy} />;
}

function target(channel: Channel): string {
  if (channel.email) return `${channel.email.to.join(', ')} via ${channel.email.host}:${channel.email.port}`;
  if (!channel.has_secret) return 'No URL stored';
  return channel.secret_hint ?? 'A stored URL';
}
