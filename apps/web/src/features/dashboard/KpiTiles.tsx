import type { Dashboard } from '@dtwin/contracts/dashboard';
import { Badge } from '../../components/Badge';
import { healthLabels, healthStatusOf, healthTones } from './health-labels';
import { KpiTile } from './KpiTile';

const number = (digits: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: digits });
const money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Fleet health, devices online, efficiency, energy and its cost, open recommendations. */
export function KpiTiles({ data }: { data: Dashboard }) {
  const { health, devices, efficiency, energy, recommendations } = data;
  const status = health.score === null ? null : healthStatusOf(health.score);
  const offline = devices.total - devices.online;
  return (
    <dl className="kpis" aria-label="Fleet figures">
      <KpiTile
        label="Fleet health"
        value={health.score === null ? 'Not scored yet' : number(0).format(health.score)}
        unit={health.score === null ? undefined : '/ 100'}
        tone={status ? healthTones[status] : 'neutral'}
        detail={
          status ? (
            <>
              <Badge tone={healthTones[status]}>{healthLabels[status]}</Badge> mean of {health.devices_scored}{' '}
              {health.devices_scored === 1 ? 'device' : 'devices'}
            </>
          ) : (
            'Scores appear once devices have reported for a while.'
          )
        }
      />
      <KpiTile
        label="Devices online"
        value={`${devices.online} of ${devices.total}`}
        tone={devices.total > 0 && offline > 0 ? 'warning' : 'success'}
        detail={
          <>
            {offline > 0 ? `${offline} offline` : 'All reporting'}
            {devices.maintenance > 0 && `, ${devices.maintenance} in maintenance`}
          </>
        }
      />
      <KpiTile
        label="Efficiency"
        value={efficiency.mean_pct === null ? 'No data' : number(1).format(efficiency.mean_pct)}
        unit={efficiency.mean_pct === null ? undefined : '%'}
        detail={
          efficiency.devices > 0
            ? `Last hour, mean of ${efficiency.devices} ${efficiency.devices === 1 ? 'device' : 'devices'}`
            : 'No device reports efficiency.'
        }
      />
      <KpiTile
        label={`Energy, last ${number(0).format(energy.window_h)} h`}
        value={number(1).format(energy.kwh)}
        unit="kWh"
        detail={
          energy.devices > 0
            ? `Cost ${money.format(energy.cost)} at ${money.format(energy.price_per_kwh)} per kWh`
            : 'No device measures power.'
        }
      />
      <KpiTile
        label="Open recommendations"
        value={recommendations.open}
        tone={recommendations.critical > 0 ? 'danger' : recommendations.high > 0 ? 'warning' : 'neutral'}
        detail={`${recommendations.critical} critical, ${recommendations.high} high`}
      />
    </dl>
  );
}
