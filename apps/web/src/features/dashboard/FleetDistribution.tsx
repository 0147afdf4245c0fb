import type { Dashboard } from '@dtwin/contracts/dashboard';
import { healthStatuses } from '@dtwin/contracts/health';
import { conditionSchema } from '@dtwin/contracts/devices';
import { DistributionBar, type DistributionPart } from './DistributionBar';
import { conditionLabels, healthLabels, healthTones } from './health-labels';

const conditionTones = {
  normal: 'success',
  warning: 'warning',
  critical: 'danger',
  maintenance: 'info',
} as const;

/** How the fleet is doing, by condition (from alerts) and by health band. */
export function FleetDistribution({ data }: { data: Dashboard }) {
  const conditions: DistributionPart[] = conditionSchema.options.map((c) => ({
    key: c,
    label: conditionLabels[c],
    count: data.condition_distribution[c],
    tone: conditionTones[c],
  }));
  const health: DistributionPart[] = healthStatuses.map((s) => ({
    key: s,
    label: healthLabels[s],
    count: data.health.status_distribution[s],
    tone: s === 'good' ? 'info' : healthTones[s],
  }));
  return (
    <section className="panel" aria-labelledby="dash-distribution">
      <h2 className="panel__title" id="dash-distribution">
        Status of the fleet
      </h2>
      <div className="stack">
        <DistributionBar title={`Condition of ${data.devices.total} devices`} parts={conditions} />
        <DistributionBar title={`Health of ${data.health.devices_scored} scored devices`} parts={health} />
      </div>
    </section>
  );
}
