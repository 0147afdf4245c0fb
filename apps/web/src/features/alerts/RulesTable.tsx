import type { AlertRule } from '@dtwin/contracts/alerts';
import type { Channel } from '@dtwin/contracts/notifications';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { assetHref } from '../assets/AssetTree';
import { SeverityBadge } from './AlertBadges';
import { describeCondition } from './alert-labels';

interface RulesTableProps {
  rules: readonly AlertRule[];
  channels: readonly Channel[] | undefined;
  /** Asset id → name, for rules on an asset's computed metric. */
  assetNames: ReadonlyMap<string, string>;
  busy: boolean;
  onEdit: (rule: AlertRule) => void;
  onDelete: (rule: AlertRule) => void;
}

export function RulesTable({ rules, channels, assetNames, busy, onEdit, onDelete }: RulesTableProps) {
  const channelName = (id: number) => channels?.find((c) => c.id === id)?.name ?? `channel ${id}`;
  const columns: Column<AlertRule>[] = [
    {
      key: 'name',
      header: 'Rule',
      className: 'cell--wrap',
      render: (r) => (
        <>
          <strong>{r.name}</strong> {r.builtin && <Badge>Built-in</Badge>}
          {r.description && <div className="cell--muted">{r.description}</div>}
        </>
      ),
    },
    { key: 'scope', header: 'Applies to', render: (r) => scopeOf(r, assetNames) },
    { key: 'condition', header: 'Condition', render: (r) => <code>{describeCondition(r)}</code> },
    { key: 'severity', header: 'Severity', render: (r) => <SeverityBadge severity={r.severity} /> },
    {
      key: 'notify',
      header: 'Notifies',
      className: 'cell--wrap',
      render: (r) =>
        r.channel_ids.length === 0 ? (
          <span className="cell--muted">Every matching channel</span>
        ) : (
          r.channel_ids.map(channelName).join(', ')
        ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (r) =>
        !r.enabled ? (
          <Badge>Disabled</Badge>
        ) : r.shelved_until ? (
          <span>
            <Badge tone="warning">Shelved</Badge> until <DateTime value={r.shelved_until} />
          </span>
        ) : (
          <Badge tone="success">Enabled</Badge>
        ),
    },
    actionsColumn((r) => (
      <span className="row-actions">
        <Button size="sm" aria-label={`Edit ${r.name}`} onClick={() => onEdit(r)}>
          Edit
        </Button>
        <Button size="sm" aria-label={`Delete ${r.name}`} onClick={() => onDelete(r)}>
          Delete
        </Button>
      </span>
    )),
  ];
  return <DataTable caption="Alert rules" columns={columns} rows={rules} busy={busy} />;
}

function scopeOf(rule: AlertRule, assetNames: ReadonlyMap<string, string>): ReactNode {
  const assetId = rule.scope.asset_id;
  if (assetId)
    return (
      <>
        Asset <Link to={assetHref(assetId)}>{assetNames.get(assetId) ?? assetId}</Link>
        <div className="cell--muted">computed metric {rule.metric}</div>
      </>
    );
  if (rule.scope.device_id) return `Device ${rule.scope.device_id}`;
  if (rule.scope.model) return `Model ${rule.scope.model}`;
  return 'All devices';
}
