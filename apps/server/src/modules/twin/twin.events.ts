import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { TwinService } from './twin.service';

/** What the twin listens to: stored readings, device deletion and maintenance mode. */
export function subscribeTwin({ bus, twin }: { bus: EventBus<DomainEvents>; twin: TwinService }) {
  bus.on('telemetry.stored', async ({ readings }) => {
    for (const deviceId of twin.observe(readings))
      await bus.emit('twin.changed', { twin: await twin.get(deviceId) });
  });
  bus.on('device.deleted', ({ deviceId }) => twin.forget(deviceId));
  bus.on('device.maintenance_changed', ({ deviceId, maintenance }) =>
    twin.setMaintenance(deviceId, maintenance),
  );
}
