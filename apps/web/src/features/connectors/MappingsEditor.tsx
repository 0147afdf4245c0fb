import type { ConnectorType } from '@dtwin/contracts/connectors';
import { Fragment } from 'react';
import { Button } from '../../components/Button';
import { emptyMapping, sourceFields, type MappingRow } from './connector-form';

const sourceLabels: Record<string, string> = {
  node_id: 'Node id',
  register: 'Register',
  address: 'Address',
  type: 'Type',
  word_order: 'Word order',
  edge_node: 'Edge node',
  device: 'Device',
  metric: 'Metric',
};
const sourceHints: Record<string, string> = {
  node_id: 'ns=2;s=Pump1.Flow',
  register: 'holding',
  type: 'uint16',
  word_order: 'big',
};

interface MappingsEditorProps {
  type: ConnectorType;
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
}

/** Each row binds a source to a device's metric or property, with an optional scale and offset. */
export function MappingsEditor({ type, rows, onChange }: MappingsEditorProps) {
  const fields = sourceFields[type];
  const set = (i: number, change: Partial<MappingRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const cell = (i: number, name: string, value: string, onValue: (v: string) => void, placeholder = '') => (
    <td className={name === 'scale' || name === 'offset' ? 'connectors__number' : undefined}>
      <input
        className="input"
        aria-label={`Mapping ${i + 1} ${name}`}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onValue(e.target.value)}
      />
    </td>
  );
  return (
    <div className="connectors__mappings stack">
      <table className="connectors__mappings-table">
        <thead>
          <tr>
            <th>Device</th>
            <th>Metric or property</th>
            {fields.map((f) => (
              <th key={f}>{sourceLabels[f] ?? f}</th>
            ))}
            <th>Scale</th>
            <th>Offset</th>
            <th>
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // Rows have no identity of their own; the index is what the user edits.
            <tr key={i}>
              {cell(i, 'device', r.device_id, (v) => set(i, { device_id: v }), 'PUMP_1')}
              {cell(i, 'metric', r.metric, (v) => set(i, { metric: v }), 'flow')}
              {fields.map((f) => (
                <Fragment key={f}>
                  {cell(
                    i,
                    sourceLabels[f] ?? f,
                    r.source[f] ?? '',
                    (v) => set(i, { source: { ...r.source, [f]: v } }),
                    sourceHints[f],
                  )}
                </Fragment>
              ))}
              {cell(i, 'scale', r.scale, (v) => set(i, { scale: v }), '1')}
              {cell(i, 'offset', r.offset, (v) => set(i, { offset: v }), '0')}
              <td>
                <Button
                  size="sm"
                  aria-label={`Remove mapping ${i + 1}`}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <Button size="sm" onClick={() => onChange([...rows, emptyMapping(type)])}>
          Add mapping
        </Button>
      </div>
    </div>
  );
}
