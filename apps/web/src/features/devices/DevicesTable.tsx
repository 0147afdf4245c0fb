import type { Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { Link } from 'react-router';
import { Ellipsis } from '../../components/Ellipsis';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { ConditionBadge, ConnectivityBadge } from './DeviceBadges';
import { staleAfterMs } from './last-seen';
import { LastSeen } from './LastSeen';

interface DevicesTableProps {
  devices: readonly Device[];
  models: ReadonlyMap<string, DeviceModel>;
  busy: boolean;
  /** Present for administrators only: nobody else sees a delete button. */
  onDelete?: (device: Device) => void;
}

/** The slowest reporting interval among a model's metrics: the pace at which its last-seen ages. */
export function expectedIntervalS(model: DeviceModel | undefined): number | undefined {
  if (!model || model.metrics.length === 0) return undefined;
  return Math.max(...model.metrics.map((m) => m.expected_interval_s));
}

export function DevicesTable({ devices, models, busy, onDelete }: DevicesTableProps) {
  const columns: Column<Device>[] = [
    {
      key: 'name',
      header: 'Name',
      className: 'cell--wrap',
      render: (d) => (
        <Link to={`/devices/${encodeURIComponent(d.id)}`} className="device-link">
          {d.name}
        </Link>
      ),
    },
    { key: 'id', header: 'ID', render: (d) => <code>{d.id}</code> },
    { key: 'model', header: 'Model', render: (d) => models.get(d.model)?.name ?? d.model },
    {
      key: 'zone',
      header: 'Zone',
      className: 'cell--ellipsis',
      render: (d) =>
        d.location.zone || d.location.site ? (
          <Ellipsis text={[d.location.site, d.location.zone].filter(Boolean).join(' · ')} />
        ) : (
          <span className="cell--muted">—</span>
        ),
    },
    {
      key: 'connectivity',
      header: 'Connectivity',
      render: (d) => <ConnectivityBadge connectivity={d.connectivity} />,
    },
    { key: 'condition', header: 'Condition', render: (d) => <ConditionBadge condition={d.condition} /> },
    {
      key: 'last_seen',
      header: 'Last seen',
      render: (d) => (
        <LastSeen value={d.last_seen} staleAfterMs={staleAfterMs(expectedIntervalS(models.get(d.model)))} />
      ),
    },
  ];
  if (onDelete) {
    columns.push(
      actionsColumn((d) => (
        <Button size="sm" variant="ghost" aria-label={`Delete ${d.id}`} onClick={() => onDelete(d)}>
          Delete
        </Button>
      )),
    );
  }

  return (
    <DataTable
      caption="Devices"
      columns={columns}
      rows={devices}
      rowClassName={(d) => (d.connectivity === 'offline' ? 'row--offline' : undefined)}
      busy={busy}
    />
  );
}
