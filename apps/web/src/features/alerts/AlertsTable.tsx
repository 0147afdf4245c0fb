import type { Alert } from '@dtwin/contracts/alerts';
import { Link } from 'react-router';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { assetHref } from '../assets/AssetTree';
import { AlertActions, type AlertCommand } from './AlertActions';
import { SeverityBadge, StateBadge } from './AlertBadges';
import { formatValue, isOpen } from './alert-labels';

interface AlertsTableProps {
  alerts: readonly Alert[];
  /** Operators and admins see the actions column; viewers do not. */
  canAct: boolean;
  pendingIds: ReadonlySet<number>;
  /** Alerts that arrived live, highlighted for a moment. */
  freshIds: ReadonlySet<number>;
  busy: boolean;
  onCommand: (alert: Alert, command: AlertCommand) => void;
  onShowGroup: (groupId: string) => void;
  /** Open alerts chosen for a bulk action (operators only). */
  selected: ReadonlySet<number>;
  onSelect: (ids: number[], selected: boolean) => void;
  onComments: (alert: Alert) => void;
  /** Asset id → name: an alert of a rule on an asset's computed metric has the asset as subject. */
  assetNames?: ReadonlyMap<string, string>;
}

export function AlertsTable(props: AlertsTableProps) {
  const {
    alerts,
    canAct,
    pendingIds,
    freshIds,
    busy,
    onCommand,
    onShowGroup,
    selected,
    onSelect,
    onComments,
    assetNames,
  } = props;
  const selectable = alerts.filter((a) => isOpen(a.state)).map((a) => a.id);
  const allSelected = selectable.length > 0 && selectable.every((id) => selected.has(id));
  const selectColumn: Column<Alert> = {
    key: 'select',
    className: 'cell--select',
    header: (
      <input
        type="checkbox"
        aria-label="Select every open alert on this page"
        checked={allSelected}
        disabled={selectable.length === 0}
        onChange={(e) => onSelect(selectable, e.target.checked)}
      />
    ),
    render: (a) =>
      isOpen(a.state) ? (
        <input
          type="checkbox"
          aria-label={`Select ${a.rule_name} on ${a.device_id}`}
          checked={selected.has(a.id)}
          onChange={(e) => onSelect([a.id], e.target.checked)}
        />
      ) : null,
  };
  const columns: Column<Alert>[] = [
    ...(canAct ? [selectColumn] : []),
    {
      key: 'status',
      header: 'Severity · state',
      render: (a) => (
        <span className="alert-status">
          <SeverityBadge severity={a.severity} />
          <StateBadge state={a.state} />
        </span>
      ),
    },
    {
      key: 'rule',
      header: 'Alert',
      className: 'cell--wrap',
      render: (a) => (
        <>
          <strong>{a.rule_name}</strong>
          <div className="cell--muted">{detailOf(a)}</div>
          {a.group_id && (
            <button type="button" className="link-button" onClick={() => onShowGroup(a.group_id ?? '')}>
              Part of a flood: show all
            </button>
          )}{' '}
          <button
            type="button"
            className="link-button"
            aria-label={`Comments on ${a.rule_name} on ${a.device_id}`}
            onClick={() => onComments(a)}
          >
            Comments
          </button>
        </>
      ),
    },
    {
      key: 'device',
      header: 'Device or asset',
      render: (a) =>
        assetNames?.has(a.device_id) ? (
          <Link to={assetHref(a.device_id)}>{assetNames.get(a.device_id)}</Link>
        ) : (
          <Link to={`/devices/${encodeURIComponent(a.device_id)}`}>{a.device_id}</Link>
        ),
    },
    {
      key: 'value',
      header: 'Latest value',
      render: (a) => (
        <>
          {formatValue(a.value)} <span className="cell--muted">{a.metric}</span>
          {a.count > 1 && <div className="cell--muted">{a.count} readings</div>}
        </>
      ),
    },
    { key: 'started', header: 'Started', render: (a) => <DateTime value={a.started_at} /> },
    {
      key: 'handled',
      header: 'Handled',
      className: 'cell--wrap',
      render: (a) => <Handled alert={a} />,
    },
  ];
  if (canAct) {
    columns.push(
      actionsColumn((a) => <AlertActions alert={a} pending={pendingIds.has(a.id)} onCommand={onCommand} />, {
        className: 'alert-actions',
      }),
    );
  }
  return (
    <DataTable
      caption="Alerts"
      columns={columns}
      rows={alerts}
      rowClassName={(a) => (freshIds.has(a.id) ? 'row--fresh' : undefined)}
      busy={busy}
    />
  );
}

function Handled({ alert }: { alert: Alert }) {
  const lines: string[] = [];
  if (alert.acknowledged_by) lines.push(`Acknowledged by ${alert.acknowledged_by}`);
  if (alert.state === 'shelved' && alert.shelved_by)
    lines.push(`Shelved by ${alert.shelved_by}${alert.shelve_reason ? `: ${alert.shelve_reason}` : ''}`);
  if (alert.resolved_by) lines.push(`Resolved by ${alert.resolved_by}`);
  if (alert.state === 'cleared') lines.push('Cleared by itself');
  if (lines.length === 0) return <span className="cell--muted">Not yet</span>;
  return (
    <>
      {lines.map((line) => (
        <div key={line}>{line}</div>
      ))}
    </>
  );
}

/** The server's message starts with the rule's name, which the row already shows in bold. */
function detailOf(alert: Alert): string {
  const prefix = `${alert.rule_name}: `;
  return alert.message.startsWith(prefix) ? alert.message.slice(prefix.length) : alert.message;
}
