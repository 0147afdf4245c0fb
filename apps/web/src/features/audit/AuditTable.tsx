import type { AuditEntry } from '@dtwin/contracts/audit';
import { Badge } from '../../components/Badge';
import { DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { outcomeLabels, outcomeTones } from './outcomes';

const dash = <span className="cell--muted">—</span>;

const columns: Column<AuditEntry>[] = [
  { key: 'ts', header: 'Time', render: (entry) => <DateTime value={entry.ts} /> },
  { key: 'actor', header: 'Actor', render: (entry) => entry.actor ?? dash },
  { key: 'action', header: 'Action', render: (entry) => <code>{entry.action}</code> },
  { key: 'target', header: 'Target', className: 'cell--wrap', render: (entry) => entry.target ?? dash },
  {
    key: 'outcome',
    header: 'Outcome',
    render: (entry) => <Badge tone={outcomeTones[entry.outcome]}>{outcomeLabels[entry.outcome]}</Badge>,
  },
  { key: 'ip', header: 'Source IP', render: (entry) => (entry.ip ? <code>{entry.ip}</code> : dash) },
  { key: 'detail', header: 'Detail', className: 'cell--wrap', render: (entry) => entry.detail ?? dash },
];

export function AuditTable({ entries, busy }: { entries: readonly AuditEntry[]; busy: boolean }) {
  return <DataTable caption="Audit log" columns={columns} rows={entries} busy={busy} />;
}
