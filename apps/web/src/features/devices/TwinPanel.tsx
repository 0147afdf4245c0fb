import type { DeviceModel, PropertyDefinition } from '@dtwin/contracts/models';
import type { PropertyValue } from '@dtwin/contracts/twin';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import type { DeviceLive } from './device-live';
import { DesiredEditor } from './DesiredEditor';
import type { TwinWithTag } from './devices-api';
import { ReportedReadings } from './ReportedReadings';

interface TwinPanelProps {
  deviceId: string;
  model: DeviceModel;
  current: TwinWithTag;
  /** Operators and admins; a viewer gets the table without the editor. */
  canEdit: boolean;
  conflict: boolean;
  live: DeviceLive;
  onSaved: (next: TwinWithTag) => void;
  onStale: () => void;
}

interface Row {
  name: string;
  definition: PropertyDefinition | undefined;
  reported: PropertyValue | undefined;
  desired: PropertyValue | undefined;
  pending: boolean;
}

const show = (value: PropertyValue | undefined) =>
  value === undefined ? <span className="cell--muted">—</span> : <code>{String(value)}</code>;

/** Reported against desired, property by property, with what the device has not applied yet. */
export function TwinPanel({
  deviceId,
  model,
  current,
  canEdit,
  conflict,
  live,
  onSaved,
  onStale,
}: TwinPanelProps) {
  const { twin } = current;
  const names = new Set([
    ...model.properties.map((p) => p.name),
    ...Object.keys(twin.desired),
    ...Object.keys(twin.reported.properties),
  ]);
  const rows: Row[] = [...names].map((name) => ({
    name,
    definition: model.properties.find((p) => p.name === name),
    reported: twin.reported.properties[name],
    desired: twin.desired[name],
    pending: name in twin.delta,
  }));
  const pendingCount = rows.filter((r) => r.pending).length;

  const columns: Column<Row>[] = [
    {
      key: 'property',
      header: 'Property',
      render: (r) => (
        <>
          <strong>{r.definition?.label ?? r.name}</strong> <span className="cell--muted">{r.name}</span>
        </>
      ),
    },
    { key: 'reported', header: 'Reported', render: (r) => show(r.reported) },
    { key: 'desired', header: 'Desired', render: (r) => show(r.desired) },
    { key: 'unit', header: 'Unit', render: (r) => r.definition?.unit ?? '' },
    {
      key: 'state',
      header: 'State',
      render: (r) =>
        r.pending ? (
          <Badge tone="warning">Not applied yet</Badge>
        ) : r.desired !== undefined ? (
          <Badge tone="success">In sync</Badge>
        ) : r.definition && !r.definition.writable ? (
          <span className="cell--muted">Read-only</span>
        ) : (
          <span className="cell--muted">No desired value</span>
        ),
    },
  ];

  const writable = model.properties.filter((p) => p.writable);
  return (
    <>
      <section className="panel" aria-labelledby="twin-table-title">
        <h2 className="panel__title" id="twin-table-title">
          Reported and desired
        </h2>
        <p className="cell--muted twin-summary">
          Version {twin.version}.{' '}
          {pendingCount === 0
            ? 'The device has reported every desired value.'
            : `${pendingCount} desired ${pendingCount === 1 ? 'value is' : 'values are'} not reported by the device yet.`}
        </p>
        {rows.length === 0 ? (
          <p className="cell--muted">This model has no properties.</p>
        ) : (
          <DataTable
            caption="Reported and desired properties"
            columns={columns}
            rows={rows}
            rowKey={(r) => r.name}
            rowClassName={(r) => (r.pending ? 'row--delta' : undefined)}
          />
        )}
      </section>
      {canEdit && (
        <section className="panel" aria-labelledby="twin-editor-title">
          <h2 className="panel__title" id="twin-editor-title">
            Change desired state
          </h2>
          <DesiredEditor
            deviceId={deviceId}
            properties={writable}
            current={current}
            conflict={conflict}
            onSaved={onSaved}
            onStale={onStale}
          />
        </section>
      )}
      <section className="panel" aria-labelledby="twin-readings-title">
        <h2 className="panel__title" id="twin-readings-title">
          Reported readings
        </h2>
        <ReportedReadings model={model} reported={twin.reported.metrics} live={live} />
      </section>
    </>
  );
}
