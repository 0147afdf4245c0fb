import { Badge } from '../../components/Badge';
import { DateTime } from '../../components/DateTime';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { getIngestStats } from './devices-api';

const reasonLabels: Record<string, string> = {
  unknown_device: 'Unknown device',
  bad_credentials: 'Bad credentials',
  forbidden_topic: 'Forbidden topic',
  malformed_json: 'Malformed JSON',
  invalid_payload: 'Invalid payload',
  unknown_metric: 'Unknown metric',
  non_finite: 'Not a finite number',
  out_of_range: 'Value too large',
  bad_timestamp: 'Unreadable timestamp',
  future_timestamp: 'Timestamp in the future',
  too_old: 'Too old',
  overloaded: 'Server overloaded',
  too_large: 'Message too large',
};

/** What ingestion accepted and refused from this device since the server started. */
export function IngestPanel({ deviceId }: { deviceId: string }) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const stats = useQuery(['ingest', deviceId, epoch], (signal) => getIngestStats(http, deviceId, signal));
  return (
    <section className="panel" aria-labelledby="ingest-title">
      <h2 className="panel__title" id="ingest-title">
        Ingestion since the server started
      </h2>
      <AnalyticsSection what="Ingestion statistics" query={stats}>
        {(data) => {
          const rejected = Object.entries(data.rejected).filter(([, n]) => (n ?? 0) > 0);
          const total = rejected.reduce((sum, [, n]) => sum + (n ?? 0), 0);
          return (
            <>
              <dl className="stat-row">
                <div>
                  <dt>Accepted</dt>
                  <dd>{data.accepted.toLocaleString()}</dd>
                </div>
                <div>
                  <dt>Duplicates</dt>
                  <dd>{data.duplicates.toLocaleString()}</dd>
                </div>
                <div>
                  <dt>Rejected</dt>
                  <dd>{total.toLocaleString()}</dd>
                </div>
              </dl>
              {rejected.length > 0 && (
                <ul className="plain-list">
                  {rejected.map(([reason, n]) => (
                    <li key={reason}>
                      <Badge tone="warning">{n}</Badge> {reasonLabels[reason] ?? reason}
                    </li>
                  ))}
                </ul>
              )}
              {data.last_rejection && (
                <p className="cell--muted">
                  Last refused <DateTime value={data.last_rejection.at} />:{' '}
                  {reasonLabels[data.last_rejection.reason] ?? data.last_rejection.reason}
                  {data.last_rejection.metric && ` (${data.last_rejection.metric})`}.
                </p>
              )}
              <button type="button" className="link-button" onClick={stats.reload}>
                Refresh
              </button>
            </>
          );
        }}
      </AnalyticsSection>
    </section>
  );
}
