import type { AnalyticsModel, SignalSink } from '../../analytics/analytics-model';
import type { AnomalyScoring } from './anomaly-scoring';

/**
 * Anomaly detection as an analytics model: committed readings → anomaly scores → `anomaly.scored`
 * (which the health score's reliability component reads) and the `anomaly_score` signal the
 * alert rules watch. It learns from the stream alone; its baselines are re-learnt by the
 * `analytics.baselines` job (anomaly.jobs.ts).
 */
export function anomalyAnalytics({
  scoring,
  signal,
}: {
  scoring: AnomalyScoring;
  signal: SignalSink;
}): AnalyticsModel {
  return {
    name: 'anomaly',
    signals: ['anomaly_score'],
    listen: (bus) => [
      bus.on('telemetry.stored', async ({ readings }) => {
        for (const s of await scoring.score(readings)) {
          await bus.emit('anomaly.scored', {
            deviceId: s.deviceId,
            ts: s.ts,
            score: s.score,
            ...(s.metric ? { metric: s.metric } : {}),
          });
          await signal(s.deviceId, 'anomaly_score', s.score, s.ts);
        }
      }),
    ],
    due: [],
    forget: scoring.forget,
  };
}
