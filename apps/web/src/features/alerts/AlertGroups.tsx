import type { AlertGroup } from '@dtwin/contracts/alerts';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { SeverityBadge } from './AlertBadges';

interface AlertGroupsProps {
  groups: readonly AlertGroup[];
  busy: boolean;
  onShowGroup: (groupId: string) => void;
}

/** Floods: many alerts from one rule on several devices, or several rules on one device, at once. */
export function AlertGroups({ groups, busy, onShowGroup }: AlertGroupsProps) {
  const columns: Column<AlertGroup>[] = [
    { key: 'severity', header: 'Worst severity', render: (g) => <SeverityBadge severity={g.severity} /> },
    { key: 'count', header: 'Alerts', render: (g) => g.alert_count },
    { key: 'rules', header: 'Rules', className: 'cell--wrap', render: (g) => g.rule_names.join(', ') },
    { key: 'devices', header: 'Devices', className: 'cell--wrap', render: (g) => summarise(g.device_ids) },
    { key: 'first', header: 'First', render: (g) => <DateTime value={g.first_started_at} /> },
    { key: 'last', header: 'Latest', render: (g) => <DateTime value={g.last_started_at} /> },
    actionsColumn(
      (g) => (
        <Button size="sm" onClick={() => onShowGroup(g.group_id)}>
          Show {g.alert_count} alerts
        </Button>
      ),
      { header: 'Show' },
    ),
  ];
  return (
    <DataTable
      caption="Alert floods"
      columns={columns}
      rows={groups}
      rowKey={(g) => g.group_id}
      busy={busy}
    />
  );
}

function summarise(ids: readonly string[]): string {
  if (ids.length <= 4) return ids.join(', ');
  return `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}
