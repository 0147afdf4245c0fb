import type { MqttPayload } from '@dtwin/contracts/mqtt';
import type { DomainEvents, EventBus } from '../lib/domain-events';
import type { Logger } from '../lib/logger';
import type { TwinService } from '../modules/twin/twin.service';

export interface DesiredPublisher {
  publishDesired(deviceId: string, message: MqttPayload<'desired'>): Promise<void>;
}

/**
 * Delivers desired state to devices as retained messages: every change as it happens, and all of
 * it when the broker (re)starts, so a device that connects later resyncs from the latest version.
 */
export async function publishDesiredState({
  bus,
  twin,
  broker,
  logger,
}: {
  bus: EventBus<DomainEvents>;
  twin: TwinService;
  broker: DesiredPublisher;
  logger: Logger;
}) {
  const off = bus.on('twin.desired_changed', ({ deviceId, message }) =>
    broker.publishDesired(deviceId, message),
  );
  for (const { deviceId, version, desired } of await twin.allDesired()) {
    await broker
      .publishDesired(deviceId, { version, desired })
      .catch((err: unknown) => logger.warn({ err, device: deviceId }, 'could not publish desired state'));
  }
  return off;
}
