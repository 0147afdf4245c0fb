import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { AnomalyScoring } from './anomaly-scoring';

/**
 * Committed readings → anomaly scores → the `anomaly_score` alert rules and `anomaly.scored`
 * (which the health score's reliability component reads).
 */
export function subscribeAnomaly({
  bus,
  scoring,
  signal,
}: {
  bus: EventBus<DomainEvents>;
  scoring: AnomalyScoring;
  signal: (deviceId: string, name: string, value: number, ts: number) => Promise<unknown>;
}) {
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
  });
  bus.on('device.deleted', ({ deviceId }) => scoring.forget(deviceId));
}
