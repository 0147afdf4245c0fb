import type { Recommendation } from '@dtwin/contracts/recommendations';
import { Badge, type BadgeTone } from '../../components/Badge';
import { DateTime } from '../../components/DateTime';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch, useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { listDeviceRecommendations } from './analytics-api';

const priorityTones: Record<Recommendation['priority'], BadgeTone> = {
  critical: 'danger',
  high: 'warning',
  medium: 'info',
  low: 'neutral',
};

export function RecommendationsPanel({ deviceId }: { deviceId: string }) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const list = useQuery(['recommendations', deviceId, epoch], (signal) =>
    listDeviceRecommendations(http, deviceId, signal),
  );
  useSocketEvent('recommendation', (event) => {
    if (event.recommendation.device_id === deviceId) list.reload();
  });
  return (
    <section className="panel" aria-labelledby="recommendations-title">
      <h2 className="panel__title" id="recommendations-title">
        Recommendations
      </h2>
      <AnalyticsSection what="Recommendations" query={list}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="cell--muted">Nothing to recommend for this device.</p>
          ) : (
            <ul className="recommendations">
              {data.items.map((r) => (
                <li key={r.id} className="recommendation">
                  <div className="recommendation__head">
                    <Badge tone={priorityTones[r.priority]}>{r.priority}</Badge>
                    <strong>{r.title}</strong>
                    <span className="cell--muted">
                      {r.type} · {r.timeframe.replace('_', ' ')} · score {r.score.toFixed(2)} · {r.status}
                    </span>
                  </div>
                  <p className="recommendation__action">{r.action}</p>
                  {r.evidence.length > 0 && (
                    <ul className="drivers">
                      {r.evidence.map((e, i) => (
                        <li key={i}>
                          {e.metric && <code>{e.metric}</code>} {e.detail}
                        </li>
                      ))}
                    </ul>
                  )}
                  <p className="cell--muted recommendation__meta">
                    Updated <DateTime value={r.updated_at} />
                    {r.due_at && (
                      <>
                        {' '}
                        · due <DateTime value={r.due_at} />
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </AnalyticsSection>
    </section>
  );
}
