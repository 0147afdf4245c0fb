import type { Logger } from '../../lib/logger';
import type { AlertRepository } from './alert.repository';
import { conditionFrom } from './alert-view';

export type DeviceCondition = 'normal' | 'warning' | 'critical';

/**
 * Tells the twin the condition of a device's alerts when it changes. While alerts are being
 * changed (inside the lifecycle's queue) devices are only marked; their conditions are pushed
 * after, outside the queue, because the twin answers with events that may queue evaluation again.
 */
export function createConditionFeed({
  alerts,
  logger,
  onConditionChange,
}: {
  alerts: Pick<AlertRepository, 'conditionSeverities'>;
  logger: Logger;
  onConditionChange: ((deviceId: string, condition: DeviceCondition) => void | Promise<void>) | undefined;
}) {
  const last = new Map<string, DeviceCondition>();
  const marked = new Set<string>();

  const conditionOf = async (deviceId: string): Promise<DeviceCondition> =>
    conditionFrom(await alerts.conditionSeverities(deviceId));

  async function push(deviceId: string, force = false) {
    if (!onConditionChange) return;
    const condition = await conditionOf(deviceId);
    if (!force && last.get(deviceId) === condition) return;
    last.set(deviceId, condition);
    await onConditionChange(deviceId, condition);
  }

  return {
    conditionOf,
    /** Pushes now, even if unchanged (maintenance mode ended: the twin shows `normal`). */
    push,
    mark: (deviceId: string) => void marked.add(deviceId),
    async pushMarked() {
      const devices = [...marked];
      marked.clear();
      for (const deviceId of devices) {
        await push(deviceId).catch((err: unknown) =>
          logger.error({ err, deviceId }, 'could not update the device condition'),
        );
      }
    },
    forget(deviceId: string) {
      marked.delete(deviceId);
      last.delete(deviceId);
    },
  };
}
