import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { RecommendationsService } from './recommendations.service';

/**
 * New health scores, predictions and alert changes mark a device for a new look at its
 * recommendations (debounced by the service's queue); deleted devices are forgotten.
 * Emits: `recommendation.changed` on creation, material update, automatic closing and status change.
 */
export function subscribeRecommendations({
  bus,
  recommendations,
}: {
  bus: EventBus<DomainEvents>;
  recommendations: Pick<RecommendationsService, 'markDirty' | 'forget'>;
}) {
  bus.on('health.updated', ({ deviceId }) => recommendations.markDirty(deviceId));
  bus.on('prediction.updated', ({ deviceId }) => recommendations.markDirty(deviceId));
  bus.on('alert.raised', ({ alert }) => recommendations.markDirty(alert.device_id));
  bus.on('alert.cleared', ({ alert }) => recommendations.markDirty(alert.device_id));
  bus.on('device.deleted', ({ deviceId }) => recommendations.forget(deviceId));
}
