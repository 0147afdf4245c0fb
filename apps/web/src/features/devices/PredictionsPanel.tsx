import type { DevicePredictions, MetricPrediction } from '@dtwin/contracts/predictions';
import { Badge } from '../../components/Badge';
import { formatValue } from '../../components/charts/format-value';
import { DateTime } from '../../components/DateTime';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { getPredictions } from './analytics-api';

interface PanelProps {
  deviceId: string;
  /** The model's label of a metric ("Bearing temperature"), or its name. */
  labelOf: (metric: string) => string;
}

export function PredictionsPanel({ deviceId, labelOf }: PanelProps) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const predictions = useQuery(['predictions', deviceId, epoch], (signal) =>
    getPredictions(http, deviceId, signal),
  );
  return (
    <section className="panel" aria-labelledby="predictions-title">
      <h2 className="panel__title" id="predictions-title">
        Failure predictions
      </h2>
      <AnalyticsSection what="Predictions" query={predictions}>
        {(data) => <PredictionList data={data} labelOf={labelOf} />}
      </AnalyticsSection>
    </section>
  );
}

function PredictionList({ data, labelOf }: { data: DevicePredictions; labelOf: PanelProps['labelOf'] }) {
  if (data.predictions.length === 0)
    return <p className="cell--muted">No prediction yet: there is not enough history for a trend.</p>;
  return (
    <>
      <p className="cell--muted">
        {data.worst
          ? `Most at risk: ${labelOf(data.worst.metric)} (${pct(data.worst.failure_probability['7d'])} within 7 days).`
          : 'No metric is heading for a critical limit.'}{' '}
        {data.computed_at && (
          <>
            Computed <DateTime value={data.computed_at} />.
          </>
        )}
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Predictions per metric</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Now</th>
              <th scope="col">Limit</th>
              <th scope="col">Remaining useful life</th>
              <th scope="col">P(fail) 24 h / 7 d / 30 d</th>
              <th scope="col">Confidence</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {data.predictions.map((p) => (
              <tr
                key={p.metric}
                className={p === data.worst || p.metric === data.worst?.metric ? 'row--delta' : undefined}
              >
                <th scope="row">{labelOf(p.metric)}</th>
                <td>{formatValue(p.current, p.unit)}</td>
                <td>
                  {p.direction === 'high' ? '≥ ' : '≤ '}
                  {formatValue(p.limit, p.unit)}
                </td>
                <td>{rul(p)}</td>
                <td>
                  {pct(p.failure_probability['24h'])} / {pct(p.failure_probability['7d'])} /{' '}
                  {pct(p.failure_probability['30d'])}
                </td>
                <td>
                  <Badge tone={p.confidence >= 0.7 ? 'info' : 'neutral'}>{pct(p.confidence)}</Badge>
                </td>
                <td className="cell--wrap">{p.evidence.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** "≈ 41 h (29–60 h)", or why there is no number. */
function rul(p: MetricPrediction): string {
  if (p.rul_h === null) return 'No crossing in sight';
  const low = p.rul_low_h === null ? '?' : hours(p.rul_low_h);
  const high = p.rul_high_h === null ? '∞' : hours(p.rul_high_h);
  return `≈ ${hours(p.rul_h)} (${low} – ${high})`;
}

function hours(h: number): string {
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(h < 10 ? 1 : 0)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

const pct = (share: number) => `${Math.round(share * 100)} %`;
