import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { TelemetryService } from './telemetry.service';

/**
 * A deleted device takes its history with it, before the DELETE is answered (the purge runs in
 * chunks, so ingestion carries on meanwhile).
 * Emits: `telemetry.stored` once per committed batch, with only the newly stored readings.
 */
export function subscribeTelemetry({
  bus,
  telemetry,
}: {
  bus: EventBus<DomainEvents>;
  telemetry: Pick<TelemetryService, 'forgetDevice'>;
}) {
  bus.on('device.deleted', ({ deviceId }) => telemetry.forgetDevice(deviceId));
}
