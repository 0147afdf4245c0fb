import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { AlertEvaluationService } from './alert-evaluation.service';
import type { AlertLifecycle } from './alert-lifecycle';
import type { AlertRuleService } from './alert-rule.service';

/**
 * What alerts listen to: stored readings, assets' and devices' computed metrics, and the twin's connectivity (evaluated against the
 * rules), deleted devices, maintenance mode, and rule changes.
 * Emits: `alert.raised`, `alert.updated`, `alert.cleared` (see lib/domain-events.ts).
 */
export function subscribeAlerts({
  bus,
  rules,
  evaluation,
  lifecycle,
}: {
  bus: EventBus<DomainEvents>;
  rules: Pick<AlertRuleService, 'onChange'>;
  evaluation: AlertEvaluationService;
  lifecycle: Pick<AlertLifecycle, 'maintenanceChanged'>;
}) {
  bus.on('telemetry.stored', ({ readings }) => evaluation.evaluateReadings(readings));
  bus.on('twin.changed', ({ twin }) =>
    evaluation.connectivityChanged(twin.device_id, twin.connectivity, twin.last_seen),
  );
  bus.on('asset.metrics_computed', ({ assetId, values, ts }) =>
    evaluation.evaluateAsset(assetId, values, ts),
  );
  // A device's computed values go through its rules exactly like its readings.
  bus.on('device.metrics_computed', ({ deviceId, values, ts }) =>
    evaluation.evaluateReadings(values.map((v) => ({ deviceId, metric: v.metric, value: v.value, ts }))),
  );
  bus.on('device.deleted', ({ deviceId }) => evaluation.deviceDeleted(deviceId));
  bus.on('device.maintenance_changed', ({ deviceId, maintenance }) =>
    lifecycle.maintenanceChanged(deviceId, maintenance),
  );
  rules.onChange((change) => evaluation.ruleChanged(change));
}
