import { roomSchema, subscribeBodySchema, type Room, type SubscriptionAck } from '@dtwin/contracts/realtime';
import type { Logger } from '../lib/logger';
import type { DevicesService } from '../modules/devices/devices.service';
import type { RealtimeSocket } from './socket.types';

interface Deps {
  devices: Pick<DevicesService, 'modelOf'>;
  /** Whether an asset exists (every signed-in user may read every asset). */
  assetExists: (assetId: string) => Promise<boolean>;
  logger: Logger;
  /** Rooms one socket may be in at once, so one client cannot make the server hold without bound. */
  maxRooms: number;
}

/**
 * `subscribe` / `unsubscribe` with `{room}`, each acknowledged with `{ok: true}` or
 * `{ok: false, error}`. Every role may watch every room: sockets are read-only, and nothing a
 * client sends changes anything but its own subscriptions.
 */
export function registerSubscriptions(
  socket: RealtimeSocket,
  { devices, assetExists, logger, maxRooms }: Deps,
): void {
  const subscribed = () => [...socket.rooms].filter((r) => roomSchema.safeParse(r).success).length;

  socket.on('subscribe', (body, ack) => {
    void answer(ack, async () => {
      const room = parseRoom(body);
      if (typeof room !== 'string') return room;
      if (room.startsWith('device:')) {
        const deviceId = room.slice('device:'.length);
        if ((await devices.modelOf(deviceId)) === undefined) return fail(`unknown device '${deviceId}'`);
      } else if (room.startsWith('asset:')) {
        const assetId = room.slice('asset:'.length);
        if (!(await assetExists(assetId))) return fail(`unknown asset '${assetId}'`);
      }
      if (!socket.rooms.has(room) && subscribed() >= maxRooms) {
        return fail(`at most ${maxRooms} rooms per connection; unsubscribe from some first`);
      }
      await socket.join(room);
      return { ok: true };
    });
  });

  socket.on('unsubscribe', (body, ack) => {
    void answer(ack, async () => {
      const room = parseRoom(body);
      if (typeof room !== 'string') return room;
      await socket.leave(room);
      return { ok: true };
    });
  });

  async function answer(ack: unknown, body: () => Promise<SubscriptionAck>): Promise<void> {
    let result: SubscriptionAck;
    try {
      result = await body();
    } catch (err) {
      logger.error({ err }, 'a socket subscription failed');
      result = fail('the server could not do that now; try again');
    }
    if (typeof ack === 'function') (ack as (result: SubscriptionAck) => void)(result);
  }
}

function parseRoom(body: unknown): Room | SubscriptionAck {
  const parsed = subscribeBodySchema.safeParse(body);
  if (parsed.success) return parsed.data.room;
  const issue = parsed.error.issues[0];
  return fail(
    issue?.path[0] === 'room'
      ? "room must be 'fleet', 'device:<device id>' or 'asset:<asset id>'"
      : 'expected {"room": "fleet" | "device:<device id>" | "asset:<asset id>"}',
  );
}

function fail(error: string): SubscriptionAck {
  return { ok: false, error };
}
