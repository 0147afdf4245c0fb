import type { Alert, Severity } from '@dtwin/contracts/alerts';
import type { AlertRow } from './alert.repository';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function toAlert(row: AlertRow): Alert {
  return {
    id: Number(row.id),
    rule: Number(row.rule_id),
    rule_name: row.rule_name,
    device_id: row.device_id,
    metric: row.metric,
    severity: row.severity as Severity,
    state: row.state as Alert['state'],
    value: row.value,
    message: row.message,
    count: Number(row.count),
    group_id: row.group_id,
    started_at: iso(row.started_at) ?? '',
    updated_at: iso(row.updated_at) ?? '',
    cleared_at: iso(row.cleared_at),
    acknowledged_by: row.acknowledged_by,
    acknowledged_at: iso(row.acknowledged_at),
    resolved_by: row.resolved_by,
    resolved_at: iso(row.resolved_at),
    shelved_until: iso(row.shelved_until),
    shelved_by: row.shelved_by,
    shelve_reason: row.shelve_reason,
    escalated_at: iso(row.escalated_at),
  };
}

const ranks: Record<string, number> = { info: 0, warning: 1, critical: 2 };
export const severityRank = (severity: string) => ranks[severity] ?? 0;

/** The twin's condition from the severities of a device's active and acknowledged alerts. */
export function conditionFrom(severities: string[]): 'normal' | 'warning' | 'critical' {
  const top = Math.max(-1, ...severities.map(severityRank));
  return top >= 2 ? 'critical' : top === 1 ? 'warning' : 'normal';
}
