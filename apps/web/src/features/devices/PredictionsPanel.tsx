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

function FleetSummary({ data }: { data: DevicePredictions }) {
  const f = data.fleet;
  if (!f) return null;
  const p = f.failure_probability;
  return (
    <div className="fleet-rul" aria-label="Fleet model prediction">
      <p>
        <strong>
          {f.rul_h === 0
            ? 'Recorded as failed: no life left until a repair is recorded.'
            : `Remaining useful life ≈ ${hours(f.rul_h)} (${hours(f.rul_low_h)} – ${hours(f.rul_high_h)}, 90 %).`}
        </strong>{' '}
        P(fail) 24 h / 7 d / 30 d: {pct(p['24h'])} / {pct(p['7d'])} / {pct(p['30d'])}.
      </p>
      <p className="cell--muted">
        Fleet model version {f.model_version}, learnt from {f.trained_on} recorded run-to-failure histories of
        this device model; life counted from <DateTime value={f.since} />. The per-metric trends below are
        shown for reference.
      </p>
    </div>
  );
}

/** The headline agrees with the rows: it names the confident worst metric, or says why none is named. */
function headline(data: DevicePredictions, labelOf: PanelProps['labelOf']): string {
  if (data.worst)
    return `Most at risk: ${labelOf(data.worst.metric)} (${pct(data.worst.failure_probability['7d'])} within 7 days).`;
  const trending = data.predictions.filter((p) => p.rul_h !== null);
  if (trending.length > 0)
    return `${trending.length === 1 ? 'One metric has' : `${trending.length} metrics have`} a projected crossing, but none with enough evidence (confidence under 50 %) to count as a failure prediction.`;
  return 'No metric is heading for a critical limit.';
}

function PredictionList({ data, labelOf }: { data: DevicePredictions; labelOf: PanelProps['labelOf'] }) {
  const method = (
    <p>
      <Badge tone="info">{data.method === 'fleet_model' ? 'Fleet model' : 'Limit trends'}</Badge>
    </p>
  );
  if (data.predictions.length === 0)
    return (
      <>
        {method}
        <FleetSummary data={data} />
        <p className="cell--muted">No per-metric prediction yet: there is not enough history for a trend.</p>
      </>
    );
  return (
    <>
      {method}
      <FleetSummary data={data} />
      <p className="cell--muted">
        {headline(data, labelOf)}{' '}
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
                  {p.rul_h === null ? (
                    <span className="cell--muted">—</span>
                  ) : (
                    <span title="How much the data support a real degradation: departure from past behaviour, fit, significance">
                      <Badge tone={p.confidence >= 0.7 ? 'info' : 'neutral'}>{pct(p.confidence)}</Badge>
                      {p.confidence < 0.05 && <span className="cell--muted"> within its usual range</span>}
                    </span>
                  )}
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
