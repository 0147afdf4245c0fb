import type { Server as HttpServer } from 'node:http';
import { assetRoom, deviceRoom, FLEET_ROOM, type Room } from '@dtwin/contracts/realtime';
import { Server } from 'socket.io';
import type { AnalyticsModel } from '../analytics/analytics-model';
import type { Config } from '../config';
import type { Clock } from '../lib/clock';
import type { DomainEvents, EventBus } from '../lib/domain-events';
import type { Logger } from '../lib/logger';
import { AppError } from '../lib/errors';
import type { AssetsService } from '../modules/assets/assets.service';
import type { AuthService } from '../modules/auth/auth.service';
import type { DevicesService } from '../modules/devices/devices.service';
import {
  forwardDomainEvents,
  toComputedEvents,
  toTelemetryEvents,
  toTelemetrySummary,
} from './realtime.events';
import { authenticateHandshake, revalidateSockets, watchSession } from './socket-auth';
import { createOriginCheck } from './socket-origin';
import { limitOutgoing } from './socket-backpressure';
import { registerSubscriptions } from './socket-rooms';
import type { Outgoing } from '../lib/socket-push';
import type { RealtimeIo, TelemetryBatch } from './socket.types';
import { createDeviceCoalescer } from './device-coalescer';
import { createTelemetryCoalescer } from './telemetry-coalescer';

export interface RealtimeDeps {
  config: Pick<Config, 'corsOrigins' | 'redisUrl'>;
  auth: Pick<AuthService, 'authenticate'>;
  devices: Pick<DevicesService, 'modelOf'>;
  /** Who may join `asset:<id>`: anyone signed in, for an asset that exists. */
  assets: Pick<AssetsService, 'get'>;
  /** The analytics models, each pushing its own events. */
  analytics: readonly Pick<AnalyticsModel, 'toSockets'>[];
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
}

export interface RealtimeOptions {
  /** `telemetry` to `device:<id>`: at most one per device per interval. */
  telemetryIntervalMs?: number;
  /** `asset_metrics` to `asset:<id>` and `device_metrics` to `device:<id>`: at most one per asset or device per interval. */
  computedIntervalMs?: number;
  /** `telemetry_summary` to `fleet`: at most one per interval. */
  summaryIntervalMs?: number;
  /** How often every open socket's token is checked again (see `revalidateSockets`). */
  revalidateIntervalMs?: number;
  maxRoomsPerSocket?: number;
  /** What may wait for one client before it is dropped as not reading (see socket-backpressure.ts). */
  maxOutgoingBytes?: number;
  maxOutgoingMessages?: number;
}

/**
 * Socket.IO on the HTTP server Fastify answers on (same port, path /socket.io/). Call before
 * `listen`; `close()` before closing the HTTP server.
 */
export async function startRealtimeServer(
  deps: RealtimeDeps,
  /** Absent in a process without the API role: it only publishes, through Redis, to the API processes' sockets. */
  httpServer: HttpServer | undefined,
  options: RealtimeOptions = {},
) {
  const { config, auth, devices, bus, clock, logger } = deps;
  const {
    telemetryIntervalMs = 250,
    computedIntervalMs = 250,
    summaryIntervalMs = 1000,
    revalidateIntervalMs = 60_000,
    maxRoomsPerSocket = 500,
    maxOutgoingBytes = 2 * 1024 * 1024,
    maxOutgoingMessages = 1000,
  } = options;
  const origins = createOriginCheck(config.corsOrigins);
  // Loaded only when used: Redis client libraries cost every other start (and every CLI command) time.
  const redis = config.redisUrl
    ? await (await import('./redis-adapter')).connectRedisAdapter(config.redisUrl, logger)
    : undefined;

  const io: RealtimeIo = new Server(httpServer, {
    serveClient: false,
    // Clients send only small subscription messages.
    maxHttpBufferSize: 64 * 1024,
    // Every new session, polling or websocket, passes here first (see socket-origin.ts).
    allowRequest: (req, callback) => {
      const allowed = origins.allows(req.headers.origin, req.headers.host);
      if (!allowed) {
        logger.warn(
          { origin: req.headers.origin, ip: req.socket.remoteAddress },
          'refused a socket from an origin not allowed',
        );
      }
      callback(allowed ? null : 'origin not allowed', allowed);
    },
    // Response headers for cross-origin polling from a listed origin; the refusal is allowRequest's.
    cors: { origin: (origin, callback) => callback(null, origin !== undefined && origins.listed(origin)) },
    ...(redis ? { adapter: redis.adapter } : {}),
  });

  // Telemetry: coalesced here, then one message per flush to every node, which fans it out to
  // its own sockets (instead of one Redis message per device per flush).
  const deliver = (batch: TelemetryBatch) => {
    for (const event of batch.devices) io.local.to(deviceRoom(event.device_id)).emit('telemetry', event);
    if (batch.summary) io.local.to(FLEET_ROOM).emit('telemetry_summary', batch.summary);
  };
  const publish = (batch: TelemetryBatch) => {
    deliver(batch);
    if (redis) io.serverSideEmit('telemetry', batch);
  };
  io.on('telemetry', deliver);
  // Whether anyone may listen to a room: on one node, a socket of this one; with Redis, another
  // node's sockets may, so everything goes. Most devices are watched by nobody most of the time:
  // their events are neither built nor encoded.
  const rooms = io.of('/').adapter.rooms;
  const watched = (room: Room) => redis !== undefined || (rooms.get(room)?.size ?? 0) > 0;
  const coalescers = [
    // Per device: its first reading after a quiet spell leaves at once, in the turn of its commit.
    createDeviceCoalescer({
      intervalMs: telemetryIntervalMs,
      onFlush: (batch) => {
        const devices = toTelemetryEvents(batch, (deviceId) => watched(deviceRoom(deviceId)));
        if (devices.length > 0) publish({ devices, summary: null });
      },
    }),
    createTelemetryCoalescer({
      intervalMs: summaryIntervalMs,
      onFlush: (batch) => {
        if (watched(FLEET_ROOM)) publish({ devices: [], summary: toTelemetrySummary(batch) });
      },
    }),
  ];

  const push = (out: Outgoing) => {
    // The union of event names and payloads is checked by `Outgoing`; emit's overloads cannot see it.
    const target = io.to(out.rooms) as unknown as { emit(event: string, payload: unknown): boolean };
    target.emit(out.event, out.payload);
  };
  // Computed values: the same per-key coalescing as device telemetry, keyed by asset or device.
  const assetMetrics = createDeviceCoalescer({
    intervalMs: computedIntervalMs,
    onFlush: (batch) => {
      for (const { id, metrics } of toComputedEvents(batch))
        push({ event: 'asset_metrics', rooms: [assetRoom(id)], payload: { asset_id: id, metrics } });
    },
  });
  const deviceMetrics = createDeviceCoalescer({
    intervalMs: computedIntervalMs,
    onFlush: (batch) => {
      for (const { id, metrics } of toComputedEvents(batch))
        push({ event: 'device_metrics', rooms: [deviceRoom(id)], payload: { device_id: id, metrics } });
    },
  });
  const unsubscribe = forwardDomainEvents({
    bus,
    analytics: deps.analytics,
    telemetry: coalescers,
    assetMetrics,
    deviceMetrics,
    push,
    disconnectRoom: (room) => io.in(room).disconnectSockets(true),
    closeRoom: (room: Room) => io.in(room).socketsLeave(room),
  });

  const assetExists = (assetId: string) =>
    deps.assets.get(assetId).then(
      () => true,
      (err: unknown) => {
        if (err instanceof AppError && err.code === 'not_found') return false;
        throw err;
      },
    );

  io.use(authenticateHandshake({ auth, logger }));
  let slowDisconnects = 0;
  io.on('connection', (socket) => {
    limitOutgoing(
      socket,
      { maxBytes: maxOutgoingBytes, maxMessages: maxOutgoingMessages },
      { logger, onDrop: () => (slowDisconnects += 1) },
    );
    const stopWatching = watchSession(socket, clock);
    registerSubscriptions(socket, { devices, assetExists, logger, maxRooms: maxRoomsPerSocket });
    socket.on('disconnect', stopWatching);
  });

  let revalidating = false;
  const revalidation = setInterval(() => {
    if (revalidating) return;
    revalidating = true;
    revalidateSockets(io.of('/').sockets.values(), { auth, logger })
      .then((dropped) => {
        if (dropped > 0)
          logger.info({ sockets: dropped }, 'disconnected sockets whose token is no longer valid');
      })
      .catch((err: unknown) => logger.warn({ err }, 'could not check socket tokens again'))
      .finally(() => (revalidating = false));
  }, revalidateIntervalMs);
  revalidation.unref();

  return {
    io,
    /** Sockets dropped for not reading what they were sent, since start. */
    get slowDisconnects(): number {
      return slowDisconnects;
    },
    /** Stops pushing, disconnects this node's sockets and leaves the HTTP server to its owner. */
    async close(): Promise<void> {
      clearInterval(revalidation);
      unsubscribe.forEach((off) => off());
      coalescers.forEach((c) => c.close());
      assetMetrics.close();
      deviceMetrics.close();
      io.local.disconnectSockets(true);
      // Not io.close(): that would also close the HTTP server, which Fastify closes itself.
      io.engine.close();
      await io.of('/').adapter.close();
      await redis?.close();
    },
  };
}

export type RealtimeServer = Awaited<ReturnType<typeof startRealtimeServer>>;
