import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { ComputedMetricEvaluator } from './computed-metric-evaluator';
import type { ComputedMetricsService } from './computed-metrics.service';
import type { DeviceComputedMetricsService } from './device-computed-metrics.service';

/**
 * Listens to stored readings (never waited on: the evaluator only marks assets and devices), to
 * changes of the hierarchy (what it remembers of it is dropped), and to deleted assets and
 * devices (their metrics go). Emits: `asset.metrics_computed` and `device.metrics_computed`
 * after each asset's or device's values are stored.
 */
export function subscribeComputedMetrics({
  bus,
  evaluator,
  computedMetrics,
  deviceComputedMetrics,
}: {
  bus: EventBus<DomainEvents>;
  evaluator: Pick<ComputedMetricEvaluator, 'observe' | 'treeChanged'>;
  computedMetrics: Pick<ComputedMetricsService, 'forgetAsset'>;
  deviceComputedMetrics: Pick<DeviceComputedMetricsService, 'forgetDevice'>;
}) {
  bus.on('telemetry.stored', ({ readings }) => evaluator.observe(readings));
  bus.on('device.asset_changed', () => evaluator.treeChanged());
  bus.on('device.deleted', ({ deviceId }) => deviceComputedMetrics.forgetDevice(deviceId));
  bus.on('asset.changed', async ({ assetId, change }) => {
    evaluator.treeChanged();
    if (change === 'deleted') await computedMetrics.forgetAsset(assetId);
  });
}
