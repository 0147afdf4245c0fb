import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { DeliveryService } from './delivery.service';

/** Notifications follow alerts: a raise or an escalation that asks for it queues one attempt per channel. */
export function subscribeNotifications({
  bus,
  notifications,
}: {
  bus: EventBus<DomainEvents>;
  notifications: Pick<DeliveryService, 'enqueue'>;
}) {
  bus.on('alert.raised', async ({ alert, notice }) => {
    if (notice) await notifications.enqueue(alert, notice);
  });
  bus.on('alert.updated', async ({ alert, notice }) => {
    if (notice) await notifications.enqueue(alert, notice);
  });
}
