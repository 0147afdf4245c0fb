import type { AssetStatus } from '@dtwin/contracts/assets';
import { severities } from '@dtwin/contracts/alerts';
import { Badge } from '../../components/Badge';
import { severityLabels, severityTones } from '../alerts/alert-labels';
import { healthLabels, healthStatusOf, healthTones } from '../dashboard/health-labels';
import { ConditionBadge } from '../devices/DeviceBadges';

/** Active alerts over the subtree, all severities together. */
export function alertTotal(status: AssetStatus): number {
  return severities.reduce((sum, s) => sum + (status.active_alerts[s] ?? 0), 0);
}

/** "Health 87 · min 62", or "No health yet" when no device of the subtree has a score. */
export function healthText(status: AssetStatus): string {
  const { mean, min } = status.health;
  if (mean === null) return 'No health yet';
  return min !== null && Math.round(min) !== Math.round(mean)
    ? `Health ${Math.round(mean)} · min ${Math.round(min)}`
    : `Health ${Math.round(mean)}`;
}

/**
 * One line of a subtree's rolled-up status, for a tree node or a table cell: the worst condition,
 * the health (device-weighted mean and the minimum), devices online, and active alerts.
 */
export function AssetStatusSummary({ status }: { status: AssetStatus }) {
  const total = alertTotal(status);
  const worst = severities.findLast((s) => (status.active_alerts[s] ?? 0) > 0);
  const mean = status.health.mean;
  return (
    <span className="asset-status">
      {status.condition === null ? (
        <Badge>No devices</Badge>
      ) : (
        <ConditionBadge condition={status.condition} />
      )}
      {mean !== null ? (
        <span
          className={`asset-status__health asset-status__health--${healthTones[healthStatusOf(status.health.min ?? mean)]}`}
          title={`${healthLabels[healthStatusOf(mean)]} on average over the devices`}
        >
          {healthText(status)}
        </span>
      ) : (
        status.devices > 0 && <span className="cell--muted">{healthText(status)}</span>
      )}
      {status.devices > 0 && (
        <span className="cell--muted">
          {status.online}/{status.devices} online
        </span>
      )}
      {total > 0 && worst && (
        <Badge tone={severityTones[worst]}>
          {total} {total === 1 ? 'alert' : 'alerts'}
          <span className="visually-hidden">, the worst {severityLabels[worst].toLowerCase()}</span>
        </Badge>
      )}
    </span>
  );
}
