import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { devicesIn, type SignalSink } from '../health/health.events';
import type { PredictionsService } from './predictions.service';

/**
 * Stored readings mark their devices for a new prediction (the service debounces); deleted
 * devices are forgotten. Emits: `prediction.updated` after each stored set; the 24-hour failure
 * probability of the worst confident prediction (0 when there is none) goes to the alert rules as
 * the `failure_probability` signal.
 */
export function subscribePredictions({
  bus,
  predictions,
  signal,
}: {
  bus: EventBus<DomainEvents>;
  predictions: Pick<PredictionsService, 'markDirty' | 'forget'>;
  signal?: SignalSink;
}) {
  if (signal) {
    bus.on('prediction.updated', (e) =>
      signal(e.deviceId, 'failure_probability', e.worst?.failure_probability['24h'] ?? 0, e.computedAt),
    );
  }
  bus.on('telemetry.stored', ({ readings }) => {
    for (const id of devicesIn(readings)) predictions.markDirty(id);
  });
  bus.on('device.deleted', ({ deviceId }) => predictions.forget(deviceId));
}
