import type { CommandMessage } from '@dtwin/contracts/commands';
import type { DomainEvents, EventBus } from '../lib/domain-events';
import type { Logger } from '../lib/logger';
import type { CommandsService } from '../modules/commands/commands.service';
import { toMessage } from '../modules/commands/commands.service';

/** How this process reaches devices over MQTT (the embedded broker, or the external broker). */
export interface CommandTransport {
  /** Whether the device can be sent a command through this transport now. */
  reachable(deviceId: string): Promise<boolean>;
  /** Resolves when the transport has taken the message (for the external broker: its PUBACK). */
  publishCommand(deviceId: string, commandId: string, message: CommandMessage): Promise<void>;
}

/** A command published but not yet acknowledged is sent again after this long (QoS 1: at least once). */
const RESEND_AFTER_MS = 30_000;
/** Pending commands looked at per sweep. */
const SWEEP_BATCH = 500;

/**
 * Sends pending commands to devices over MQTT: at once when a command is created for a device
 * that is connected, when a device (re)connects, and on every `sweep()` (commands created by
 * another process, or lost with a connection). `deliveredOnPublish`: the transport's own
 * acknowledgement counts as delivery (the embedded broker's write to the device's connection,
 * an external broker's PUBACK for a device it keeps a session of).
 */
export function createCommandDispatcher({
  bus,
  commands,
  transport,
  deliveredOnPublish,
  logger,
  now = Date.now,
}: {
  bus: EventBus<DomainEvents>;
  commands: Pick<CommandsService, 'openFor' | 'pending' | 'delivered'>;
  transport: CommandTransport;
  deliveredOnPublish: boolean;
  logger: Logger;
  now?: () => number;
}) {
  // Command id → when it was last published (not re-sent while its acknowledgement may come).
  const inFlight = new Map<string, number>();

  async function send(deviceId: string, row: { id: string; name: string; params: string }): Promise<void> {
    const sentAt = inFlight.get(row.id);
    if (sentAt !== undefined && now() - sentAt < RESEND_AFTER_MS) return;
    inFlight.set(row.id, now());
    try {
      await transport.publishCommand(deviceId, row.id, toMessage(row));
      if (deliveredOnPublish) await commands.delivered(row.id);
    } catch (err) {
      inFlight.delete(row.id);
      logger.warn(
        { err, device: deviceId, command: row.id },
        'could not publish a command; it stays pending',
      );
    }
  }

  /** Sends the device every command still pending for it. */
  async function flushDevice(deviceId: string): Promise<void> {
    if (!(await transport.reachable(deviceId))) return;
    for (const row of await commands.openFor(deviceId))
      if (row.status === 'pending') await send(deviceId, row);
  }

  const failed = (err: unknown) => logger.warn({ err }, 'could not send commands');
  const offs = [
    bus.on('command.changed', ({ command, change }) => {
      if (change === 'created') flushDevice(command.device_id).catch(failed);
      else if (command.status !== 'pending') inFlight.delete(command.id);
    }),
  ];

  return {
    flushDevice,
    /** A device became reachable: send it what waits for it. */
    reachable: (deviceId: string) => void flushDevice(deviceId).catch(failed),
    async sweep(): Promise<void> {
      const byDevice = new Map<string, Array<{ id: string; name: string; params: string }>>();
      for (const row of await commands.pending(SWEEP_BATCH)) {
        const list = byDevice.get(row.device_id) ?? [];
        list.push(row);
        byDevice.set(row.device_id, list);
      }
      for (const [deviceId, rows] of byDevice) {
        if (!(await transport.reachable(deviceId))) continue;
        for (const row of rows) await send(deviceId, row);
      }
      // Forget what was published long ago (finished, or to be re-sent).
      for (const [id, at] of inFlight) if (now() - at > 2 * RESEND_AFTER_MS) inFlight.delete(id);
    },
    stop: () => offs.forEach((off) => off()),
  };
}
