import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { AnomalyRate } from './anomaly-rate';
import type { HealthService } from './health.service';

/** Unique device ids of a batch of readings. */
export const devicesIn = (readings: ReadonlyArray<{ deviceId: string }>) =>
  new Set(readings.map((r) => r.deviceId));

/** Feeds a derived signal to the alert rules (`health_score`, `failure_probability`). */
export type SignalSink = (deviceId: string, signal: string, value: number, ts: number) => Promise<void>;

/**
 * What health listens to: stored readings mark their devices for recomputation (debounced by the
 * service's queue), the detector's `anomaly.scored` feeds the anomaly rate, deletions forget.
 * Emits: `health.updated` after each stored score; each score also goes to the alert rules as
 * the `health_score` signal.
 */
export function subscribeHealth({
  bus,
  health,
  anomalyRate,
  signal,
}: {
  bus: EventBus<DomainEvents>;
  health: Pick<HealthService, 'markDirty' | 'forget'>;
  anomalyRate: Pick<AnomalyRate, 'record' | 'forget'>;
  signal?: SignalSink;
}) {
  if (signal) bus.on('health.updated', (e) => signal(e.deviceId, 'health_score', e.score, e.computedAt));
  bus.on('telemetry.stored', ({ readings }) => {
    for (const id of devicesIn(readings)) health.markDirty(id);
  });
  bus.on('anomaly.scored', ({ deviceId, ts, score }) => anomalyRate.record(deviceId, ts, score));
  bus.on('device.deleted', ({ deviceId }) => {
    health.forget(deviceId);
    anomalyRate.forget(deviceId);
  });
}
