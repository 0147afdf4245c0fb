import type { AnalyticsModel, SignalSink } from '../../analytics/analytics-model';
import type { AnalyticsQueue } from '../../analytics/analytics-queue';
import type { Clock } from '../../lib/clock';
import { createTwinContext } from './anomaly-context';
import type { AnomalyScore, AnomalyScoring } from './anomaly-scoring';

/**
 * Anomaly detection as an analytics model: committed readings → anomaly scores → `anomaly.scored`
 * (which the health score's reliability component reads) and the `anomaly_score` signal the
 * alert rules watch. It learns from the stream alone; its baselines are re-learnt by the
 * `analytics.baselines` job (anomaly.jobs.ts). Changes made on purpose (a new desired state,
 * maintenance mode, readings after a silence) re-baseline the device instead (anomaly-context.ts).
 * Nobody waits for the scores: a committed batch goes into a bounded queue (skipped and counted
 * when it is full) and its scores are emitted when the scoring, usually on a thread of its own,
 * has them, batch after batch in commit order.
 */
export function anomalyAnalytics({
  scoring,
  queue,
  signal,
  clock,
}: {
  scoring: AnomalyScoring;
  queue: Pick<AnalyticsQueue<AnomalyScore[]>, 'submit'>;
  signal: SignalSink;
  clock: Pick<Clock, 'now'>;
}): AnalyticsModel {
  const context = createTwinContext();
  return {
    name: 'anomaly',
    signals: ['anomaly_score'],
    listen: (bus) => [
      bus.on('telemetry.stored', ({ readings }) => {
        queue.submit(
          readings.length,
          () => scoring.score(readings),
          async (scores) => {
            for (const s of scores) {
              await bus.emit('anomaly.scored', {
                deviceId: s.deviceId,
                ts: s.ts,
                score: s.score,
                ...(s.metric ? { metric: s.metric } : {}),
              });
              await signal(s.deviceId, 'anomaly_score', s.score, s.ts);
            }
          },
        );
      }),
      // Changes made on purpose re-baseline the device instead of raising an anomaly.
      bus.on('twin.desired_changed', ({ deviceId, message }) => {
        const reason = context.desired(deviceId, message.desired);
        if (reason) scoring.rebaseline(deviceId, reason, clock.now());
      }),
      bus.on('twin.changed', ({ twin }) => {
        const reason = context.changed(twin);
        if (reason) scoring.rebaseline(twin.device_id, reason, clock.now());
      }),
      bus.on('device.maintenance_changed', ({ deviceId, maintenance }) =>
        scoring.rebaseline(deviceId, context.maintenance(maintenance), clock.now()),
      ),
    ],
    due: [],
    forget: (deviceId: string) => {
      context.forget(deviceId);
      scoring.forget(deviceId);
    },
  };
}
