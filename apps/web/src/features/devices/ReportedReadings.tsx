import type { DeviceModel } from '@dtwin/contracts/models';
import type { Twin } from '@dtwin/contracts/twin';
import { formatValue } from '../../components/charts/format-value';
import { staleAfterMs } from './last-seen';
import { LastSeen } from './LastSeen';
import { useLatestReadings, type DeviceLive } from './device-live';

interface ReportedReadingsProps {
  model: DeviceModel;
  reported: Twin['reported']['metrics'];
  live: DeviceLive;
}

/** The twin's latest value of each metric, moved forward by live readings as they arrive. */
export function ReportedReadings({ model, reported, live }: ReportedReadingsProps) {
  const latest = useLatestReadings(live);
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Latest reported readings</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Latest value</th>
            <th scope="col">Normal range</th>
            <th scope="col">Reported</th>
          </tr>
        </thead>
        <tbody>
          {model.metrics.map((m) => {
            const fetched = reported[m.name];
            const fresh = latest[m.name];
            const useLive = fresh && (!fetched || fresh.ts > Date.parse(fetched.ts));
            const value = useLive ? fresh.value : fetched?.value;
            const ts = useLive ? new Date(fresh.ts).toISOString() : (fetched?.ts ?? null);
            const outside = value !== undefined && (value < m.normal.min || value > m.normal.max);
            return (
              <tr key={m.name} className={outside ? 'row--delta' : undefined}>
                <th scope="row">{m.label}</th>
                <td>{formatValue(value, m.unit)}</td>
                <td className="cell--muted">
                  {m.normal.min}–{m.normal.max} {m.unit}
                </td>
                <td>
                  <LastSeen value={ts} staleAfterMs={staleAfterMs(m.expected_interval_s)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
