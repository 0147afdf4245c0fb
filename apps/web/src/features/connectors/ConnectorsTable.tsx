import type { Connector, ConnectorStatus } from '@dtwin/contracts/connectors';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { connectorTypeLabels } from './connector-form';

export type ConnectorRow = Connector & { status: ConnectorStatus };

const stateTone: Record<ConnectorStatus['state'], BadgeTone> = {
  connected: 'success',
  connecting: 'info',
  error: 'danger',
  disabled: 'neutral',
};
const stateLabel: Record<ConnectorStatus['state'], string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  error: 'Error',
  disabled: 'Disabled',
};

interface ConnectorsTableProps {
  connectors: readonly ConnectorRow[];
  reading: ReadonlySet<string>;
  onTestRead: (c: ConnectorRow) => void;
  onEdit: (c: ConnectorRow) => void;
  onDelete: (c: ConnectorRow) => void;
}

export function ConnectorsTable({ connectors, reading, onTestRead, onEdit, onDelete }: ConnectorsTableProps) {
  const columns: Column<ConnectorRow>[] = [
    { key: 'id', header: 'Connector', render: (c) => <strong>{c.id}</strong> },
    { key: 'type', header: 'Protocol', render: (c) => connectorTypeLabels[c.type] },
    { key: 'target', header: 'Source', className: 'cell--wrap', render: target },
    {
      key: 'state',
      header: 'Status',
      className: 'cell--wrap',
      render: (c) => (
        <span className="connectors__status">
          <span>
            <Badge tone={stateTone[c.status.state]}>{stateLabel[c.status.state]}</Badge>
          </span>
          {c.status.last_error && <small className="connectors__error">{c.status.last_error}</small>}
        </span>
      ),
    },
    { key: 'mappings', header: 'Mappings', render: (c) => c.mappings.length },
    {
      key: 'readings',
      header: 'Readings',
      render: (c) => (
        <span>
          {c.status.readings.toLocaleString()}
          {c.status.rejected > 0 && <small> ({c.status.rejected} rejected)</small>}
        </span>
      ),
    },
    {
      key: 'last',
      header: 'Last reading',
      render: (c) => (c.status.last_reading_at ? <DateTime value={c.status.last_reading_at} /> : '—'),
    },
    actionsColumn((c) => (
      <span className="row-actions">
        {/* Sparkplug B is pushed by its edge nodes: there is nothing to read on demand. */}
        {c.type !== 'sparkplug_b' && (
          <Button
            size="sm"
            busy={reading.has(c.id)}
            disabled={c.status.state !== 'connected'}
            aria-label={`Test-read ${c.id}`}
            onClick={() => onTestRead(c)}
          >
            Test read
          </Button>
        )}
        <Button size="sm" aria-label={`Edit ${c.id}`} onClick={() => onEdit(c)}>
          Edit
        </Button>
        <Button size="sm" aria-label={`Delete ${c.id}`} onClick={() => onDelete(c)}>
          Delete
        </Button>
      </span>
    )),
  ];
  return <DataTable caption="Connectors" columns={columns} rows={connectors} />;
}

function target(c: Connector): string {
  const cfg = c.config;
  if (c.type === 'opcua') return String(cfg.endpoint_url ?? '');
  if (c.type === 'modbus_tcp') return `${String(cfg.host)}:${String(cfg.port)} unit ${String(cfg.unit_id)}`;
  return `spBv1.0/${String(cfg.group_id)} on the ${String(cfg.broker)} broker`;
}
