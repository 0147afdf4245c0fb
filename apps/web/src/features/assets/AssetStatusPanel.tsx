import type { AssetStatus } from '@dtwin/contracts/assets';
import { severities } from '@dtwin/contracts/alerts';
import { Badge } from '../../components/Badge';
import { severityLabels, severityTones } from '../alerts/alert-labels';
import { healthLabels, healthStatusOf, healthTones } from '../dashboard/health-labels';
import { ConditionBadge } from '../devices/DeviceBadges';

const score = (n: number | null) => (n === null ? '—' : String(Math.round(n)));

/** The subtree at a glance: condition, health (mean and minimum), devices online, open alerts by severity. */
export function AssetStatusPanel({ status }: { status: AssetStatus }) {
  const { mean, min } = status.health;
  return (
    <section className="panel" aria-labelledby="asset-status-title">
      <h2 className="panel__title" id="asset-status-title">
        Status of everything under it
      </h2>
      <dl className="asset-kpis">
        <div>
          <dt>Condition</dt>
          <dd>
            {status.condition === null ? (
              <Badge>No devices</Badge>
            ) : (
              <ConditionBadge condition={status.condition} />
            )}
          </dd>
        </div>
        <div>
          <dt>Health (mean)</dt>
          <dd>
            <span className="asset-kpis__figure">{score(mean)}</span>
            {mean !== null && (
              <Badge tone={healthTones[healthStatusOf(mean)]}>{healthLabels[healthStatusOf(mean)]}</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt>Health (lowest)</dt>
          <dd>
            <span className="asset-kpis__figure">{score(min)}</span>
            {min !== null && (
              <Badge tone={healthTones[healthStatusOf(min)]}>{healthLabels[healthStatusOf(min)]}</Badge>
            )}
          </dd>
        </div>
        <div>
          <dt>Devices online</dt>
          <dd>
            <span className="asset-kpis__figure">
              {status.online} / {status.devices}
            </span>
          </dd>
        </div>
        <div>
          <dt>Open alerts</dt>
          <dd className="asset-kpis__alerts">
            {severities
              .slice()
              .reverse()
              .map((s) => (
                <Badge key={s} tone={(status.active_alerts[s] ?? 0) > 0 ? severityTones[s] : 'neutral'}>
                  {status.active_alerts[s] ?? 0} {severityLabels[s].toLowerCase()}
                </Badge>
              ))}
          </dd>
        </div>
      </dl>
    </section>
  );
}
