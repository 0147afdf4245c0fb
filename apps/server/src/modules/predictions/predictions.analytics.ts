import { devicesIn, type AnalyticsModel, type SignalSink } from '../../analytics/analytics-model';
import type { PredictionsService } from './predictions.service';

/**
 * Failure predictions as an analytics model: stored readings mark their devices for a new
 * prediction (the service debounces; run every 5 s). Emits `prediction.updated` after each stored
 * set; the 24-hour failure probability of the worst confident prediction (0 when there is none)
 * goes to the alert rules as the `failure_probability` signal.
 */
export function predictionsAnalytics({
  predictions,
  signal,
}: {
  predictions: Pick<PredictionsService, 'markDirty' | 'forget' | 'recompute' | 'runDue'>;
  signal: SignalSink;
}): AnalyticsModel {
  return {
    name: 'predictions',
    signals: ['failure_probability'],
    listen: (bus) => [
      bus.on('prediction.updated', (e) =>
        signal(e.deviceId, 'failure_probability', e.worst?.failure_probability['24h'] ?? 0, e.computedAt),
      ),
      bus.on('telemetry.stored', ({ readings }) => {
        for (const id of devicesIn(readings)) predictions.markDirty(id);
      }),
    ],
    recompute: predictions.recompute,
    due: [{ task: 'analytics.predictions', everyMs: 5000, run: predictions.runDue }],
    forget: predictions.forget,
  };
}
