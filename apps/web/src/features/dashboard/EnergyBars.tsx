import type { Dashboard } from '@dtwin/contracts/dashboard';

const dayHourFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const kwhFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** Energy used per hour as bars: few enough points that plain elements do. */
export function EnergyBars({ performance }: { performance: Dashboard['performance'] }) {
  const max = Math.max(0, ...performance.map((p) => p.energy_kwh));
  const total = performance.reduce((sum, p) => sum + p.energy_kwh, 0);
  return (
    <figure className="energy">
      <figcaption className="ts-chart__caption">
        <span className="ts-chart__title">Energy per hour</span>
        <span className="ts-chart__summary">
          <span className="ts-chart__value">{kwhFormat.format(total)} kWh</span>
          <span className="ts-chart__meta"> in {performance.length} hours</span>
        </span>
      </figcaption>
      {max === 0 ? (
        <p className="cell--muted">No energy measured in this period.</p>
      ) : (
        <div
          className="energy__bars"
          role="img"
          aria-label={`Energy per hour, at most ${kwhFormat.format(max)} kWh`}
        >
          {performance.map((p) => (
            <span
              key={p.hour}
              className="energy__bar"
              style={{ height: `${Math.max(1, (p.energy_kwh / max) * 100)}%` }}
              title={`${dayHourFormat.format(new Date(p.hour))}: ${kwhFormat.format(p.energy_kwh)} kWh`}
            />
          ))}
        </div>
      )}
      {max > 0 && performance.length > 0 && (
        <div className="energy__axis">
          <span>{dayHourFormat.format(new Date(performance[0]?.hour ?? 0))}</span>
          <span>{dayHourFormat.format(new Date(performance[performance.length - 1]?.hour ?? 0))}</span>
        </div>
      )}
    </figure>
  );
}
