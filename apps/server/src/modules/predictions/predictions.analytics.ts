import { devicesIn, type AnalyticsModel, type SignalSink } from '../../analytics/analytics-model';
import type { PredictionsService } from './predictions.service';

/**
 * Failure predictions as an analytics model: stored readings mark their devices for a new
 * prediction (the service debounces; run every 5 s). Emits `prediction.updated` after each stored
 * set; the device's 24-hour failure probability (the fleet model's when there is one, else the
 * worst confident metric's, 0 when there is none) goes to the alert rules as the
 * `failure_probability` signal. Also re-learns the fleet RUL models when failures arrive.
 */
export function predictionsAnalytics({
  predictions,
  signal,
}: {
  predictions: Pick<
    PredictionsService,
    'markDirty' | 'forget' | 'recompute' | 'runDue' | 'relearnFleetModels' | 'desiredChanged' | 'twinChanged'
  >;
  signal: SignalSink;
}): AnalyticsModel {
  return {
    name: 'predictions',
    signals: ['failure_probability'],
    listen: (bus) => [
      bus.on('prediction.updated', (e) =>
        signal(e.deviceId, 'failure_probability', e.failureProbability['24h'], e.computedAt),
      ),
      bus.on('device.event_recorded', ({ deviceId }) => predictions.markDirty(deviceId)),
      bus.on('twin.desired_changed', ({ deviceId }) => predictions.desiredChanged(deviceId)),
      bus.on('twin.changed', ({ twin }) =>
        predictions.twinChanged(twin.device_id, Object.keys(twin.delta).length),
      ),
      bus.on('telemetry.stored', ({ readings }) => {
        for (const id of devicesIn(readings)) predictions.markDirty(id);
      }),
    ],
    recompute: predictions.recompute,
    due: [
      { task: 'analytics.predictions', everyMs: 5000, run: predictions.runDue },
      { task: 'analytics.fleet_rul', everyMs: 15_000, run: predictions.relearnFleetModels },
    ],
    forget: predictions.forget,
  };
}
