import type { AnalyticsModel } from '../../analytics/analytics-model';
import { toDeviceAndFleet } from '../../lib/socket-push';
import type { RecommendationsService } from './recommendations.service';

/**
 * Recommendations as an analytics model: new health scores, predictions and alert changes mark a
 * device for a new look at its recommendations (debounced by the service's queue; run every 5 s).
 * Its `recommendation.changed` (creation, material update, automatic closing, status change) goes
 * to sockets as `recommendation`.
 */
export function recommendationsAnalytics({
  recommendations,
}: {
  recommendations: Pick<RecommendationsService, 'markDirty' | 'forget' | 'recompute' | 'runDue'>;
}): AnalyticsModel {
  const mark = (deviceId: string) => recommendations.markDirty(deviceId);
  return {
    name: 'recommendations',
    signals: [],
    listen: (bus) => [
      bus.on('health.updated', ({ deviceId }) => mark(deviceId)),
      bus.on('prediction.updated', ({ deviceId }) => mark(deviceId)),
      bus.on('alert.raised', ({ alert }) => mark(alert.device_id)),
      bus.on('alert.cleared', ({ alert }) => mark(alert.device_id)),
    ],
    toSockets: (forward) => [
      forward('recommendation.changed', ({ recommendation, change }) => ({
        event: 'recommendation',
        rooms: toDeviceAndFleet(recommendation.device_id),
        payload: { change, recommendation },
      })),
    ],
    recompute: recommendations.recompute,
    due: [{ task: 'analytics.recommendations', everyMs: 5000, run: recommendations.runDue }],
    forget: recommendations.forget,
  };
}
