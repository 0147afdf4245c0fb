import { devicesIn, type AnalyticsModel, type SignalSink } from '../../analytics/analytics-model';
import { toDeviceAndFleet } from '../../lib/socket-push';
import type { AnomalyRate } from './anomaly-rate';
import type { HealthService } from './health.service';

/**
 * Health as an analytics model: stored readings mark their devices for recomputation (debounced
 * by the service's queue, run every second, with a sweep so silence shows up), the detector's
 * `anomaly.scored` feeds the anomaly rate, and every stored score goes to the alert rules as the
 * `health_score` signal and to sockets as `health`. Old history is pruned hourly.
 */
export function healthAnalytics({
  health,
  anomalyRate,
  signal,
}: {
  health: Pick<HealthService, 'markDirty' | 'forget' | 'recompute' | 'runDue' | 'prune'>;
  anomalyRate: Pick<AnomalyRate, 'record' | 'forget'>;
  signal: SignalSink;
}): AnalyticsModel {
  return {
    name: 'health',
    signals: ['health_score'],
    listen: (bus) => [
      bus.on('health.updated', (e) => signal(e.deviceId, 'health_score', e.score, e.computedAt)),
      bus.on('telemetry.stored', ({ readings }) => {
        for (const id of devicesIn(readings)) health.markDirty(id);
      }),
      bus.on('anomaly.scored', ({ deviceId, ts, score }) => anomalyRate.record(deviceId, ts, score)),
    ],
    toSockets: (forward) => [
      forward('health.updated', (h) => ({
        event: 'health',
        rooms: toDeviceAndFleet(h.deviceId),
        payload: {
          device_id: h.deviceId,
          score: h.score,
          status: h.status,
          previous_status: h.previousStatus,
          trend: h.trend,
          computed_at: new Date(h.computedAt).toISOString(),
        },
      })),
    ],
    recompute: health.recompute,
    due: [
      { task: 'analytics.health', everyMs: 1000, run: health.runDue },
      { task: 'analytics.health_prune', everyMs: 3_600_000, run: health.prune },
    ],
    forget(deviceId) {
      health.forget(deviceId);
      anomalyRate.forget(deviceId);
    },
  };
}
