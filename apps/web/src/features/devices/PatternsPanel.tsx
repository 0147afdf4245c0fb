import type { DevicePatterns } from '@dtwin/contracts/patterns';
import { Badge } from '../../components/Badge';
import { formatValue } from '../../components/charts/format-value';
import { DateTime } from '../../components/DateTime';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { getPatterns } from './analytics-api';

interface PanelProps {
  deviceId: string;
  /** The model's label of a metric ("Bearing temperature"), or its name. */
  labelOf: (metric: string) => string;
}

export function PatternsPanel({ deviceId, labelOf }: PanelProps) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const patterns = useQuery(['patterns', deviceId, epoch], (signal) => getPatterns(http, deviceId, signal));
  return (
    <section className="panel" aria-labelledby="patterns-title">
      <h2 className="panel__title" id="patterns-title">
        Patterns
      </h2>
      <AnalyticsSection what="Patterns" query={patterns}>
        {(data) => <PatternTables data={data} labelOf={labelOf} />}
      </AnalyticsSection>
    </section>
  );
}

function PatternTables({ data, labelOf }: { data: DevicePatterns; labelOf: PanelProps['labelOf'] }) {
  return (
    <>
      <p className="cell--muted">
        Computed <DateTime value={data.computed_at} /> from hourly means since{' '}
        <DateTime value={data.window.hourly_from} />.
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Trend, seasonality and change points per metric</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Trend per day</th>
              <th scope="col">Daily seasonality</th>
              <th scope="col">Weekly seasonality</th>
              <th scope="col">Change points</th>
            </tr>
          </thead>
          <tbody>
            {data.metrics.map((m) => (
              <tr key={m.metric}>
                <th scope="row">{labelOf(m.metric)}</th>
                <td>
                  <Badge tone={m.trend.direction === 'flat' ? 'neutral' : 'info'}>{m.trend.direction}</Badge>{' '}
                  {m.trend.slope_per_day !== null && formatValue(m.trend.slope_per_day, m.unit)}
                </td>
                <td>
                  {share(m.seasonality.daily)}
                  {m.seasonality.peak_hour_utc !== null && (
                    <span className="cell--muted"> · peak {m.seasonality.peak_hour_utc}:00 UTC</span>
                  )}
                </td>
                <td>{share(m.seasonality.weekly)}</td>
                <td className="cell--wrap">
                  {m.change_points.length === 0
                    ? 'None'
                    : m.change_points.map((c) => (
                        <div key={c.at}>
                          <DateTime value={c.at} />: {formatValue(c.before, m.unit)} →{' '}
                          {formatValue(c.after, m.unit)}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="subhead">Correlations between metrics</h3>
      {data.correlations.length === 0 ? (
        <p className="cell--muted">No pair of metrics moves together.</p>
      ) : (
        <ul className="plain-list">
          {data.correlations.map((c) => (
            <li key={`${c.a}-${c.b}`}>
              {labelOf(c.a)} and {labelOf(c.b)}: r = {c.r.toFixed(2)} ({c.strength}, {c.n} minutes)
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const share = (v: number | null) =>
  v === null ? <span className="cell--muted">Not enough data</span> : `${Math.round(v * 100)} %`;
