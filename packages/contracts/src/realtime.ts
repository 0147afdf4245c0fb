import { z } from 'zod';
import { alertSchema } from './alerts';
import { assetIdSchema } from './asset-id';
import { commandEventSchema } from './commands';
import { deviceIdSchema } from './devices';
import { healthStatusSchema, healthTrendSchema } from './health';
import { recommendationSchema } from './recommendations';
import { twinSchema } from './twin';

/**
 * Socket.IO, on the server's own port. The handshake carries the access token
 * (`io(url, { auth: { token } })`); a socket receives nothing until it is authenticated and has
 * subscribed to a room. Every event in both directions is a name → schema pair below.
 */

/** What the handshake must carry. */
export const socketAuthSchema = z.object({ token: z.string().min(1).max(8192) });
export type SocketAuth = z.infer<typeof socketAuthSchema>;

/**
 * `connect_error`'s `data` when the handshake is refused for its token: `unauthorized` (missing,
 * invalid, expired, revoked: sign in again) or `unavailable` (could not be checked now: retry).
 * A refused origin is refused before Socket.IO runs, so the client sees only a transport error.
 */
export const socketErrorDataSchema = z.object({ code: z.enum(['unauthorized', 'unavailable']) });
export type SocketErrorData = z.infer<typeof socketErrorDataSchema>;

/**
 * `fleet`: every device, in compact form. `device:<id>`: one device in full. `asset:<id>`: an
 * asset's computed values as they are evaluated.
 */
export const roomSchema = z.union([
  z.literal('fleet'),
  z.templateLiteral(['device:', deviceIdSchema]),
  z.templateLiteral(['asset:', assetIdSchema]),
]);
export type Room = z.infer<typeof roomSchema>;
export const FLEET_ROOM = 'fleet' satisfies Room;
export const deviceRoom = (deviceId: string): Room => `device:${deviceId}`;
export const assetRoom = (assetId: string): Room => `asset:${assetId}`;

export const subscribeBodySchema = z.object({ room: roomSchema });
export type SubscribeBody = z.infer<typeof subscribeBodySchema>;

/** The acknowledgement of `subscribe` / `unsubscribe`. */
export const subscriptionAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type SubscriptionAck = z.infer<typeof subscriptionAckSchema>;

/** Latest value of each metric that changed since the previous event for this device (to `device:<id>`). */
export const telemetryEventSchema = z.object({
  device_id: z.string(),
  metrics: z.record(z.string(), z.object({ value: z.number(), ts: z.iso.datetime() })),
});
export type TelemetryEvent = z.infer<typeof telemetryEventSchema>;

/** Every device that reported since the previous summary, values only (to `fleet`). */
export const telemetrySummaryEventSchema = z.object({
  devices: z.array(
    z.object({
      device_id: z.string(),
      /** Time of the newest reading in `metrics`. */
      ts: z.iso.datetime(),
      metrics: z.record(z.string(), z.number()),
    }),
  ),
});
export type TelemetrySummaryEvent = z.infer<typeof telemetrySummaryEventSchema>;

/** The newest value of each computed metric that changed since the previous event. */
const computedValuesSchema = z.record(z.string(), z.object({ value: z.number(), ts: z.iso.datetime() }));

/**
 * An asset's computed metrics were evaluated (to `asset:<id>`), at most one event per asset per
 * quarter second.
 */
export const assetMetricsEventSchema = z.object({ asset_id: z.string(), metrics: computedValuesSchema });
export type AssetMetricsEvent = z.infer<typeof assetMetricsEventSchema>;

/** A device's own computed metrics were evaluated (to `device:<id>`), coalesced like `asset_metrics`. */
export const deviceMetricsEventSchema = z.object({ device_id: z.string(), metrics: computedValuesSchema });
export type DeviceMetricsEvent = z.infer<typeof deviceMetricsEventSchema>;

/** An alert was raised, changed (count, acknowledged, shelved…) or closed (to `fleet` and `device:<id>`). */
export const alertEventSchema = z.object({
  change: z.enum(['raised', 'updated', 'cleared']),
  alert: alertSchema,
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** A device's health was recomputed (to `fleet` and `device:<id>`); the details are at GET /api/devices/{id}/health. */
export const healthEventSchema = z.object({
  device_id: z.string(),
  score: z.number().min(0).max(100),
  status: healthStatusSchema,
  previous_status: healthStatusSchema.nullable(),
  trend: healthTrendSchema,
  computed_at: z.iso.datetime(),
});
export type HealthEvent = z.infer<typeof healthEventSchema>;

/** A recommendation was created, updated in place, closed by itself, or had its status changed (to `fleet` and `device:<id>`). */
export const recommendationEventSchema = z.object({
  change: z.enum(['created', 'updated', 'closed', 'status']),
  recommendation: recommendationSchema,
});
export type RecommendationEvent = z.infer<typeof recommendationEventSchema>;

/** Server → client events. `twin` is the whole twin after a change (to `fleet` and `device:<id>`). */
export const serverEventSchemas = {
  telemetry: telemetryEventSchema,
  telemetry_summary: telemetrySummaryEventSchema,
  twin: twinSchema,
  alert: alertEventSchema,
  health: healthEventSchema,
  recommendation: recommendationEventSchema,
  /** A command to the device was sent or changed status (to `device:<id>`). */
  command: commandEventSchema,
  asset_metrics: assetMetricsEventSchema,
  device_metrics: deviceMetricsEventSchema,
} as const;

/** Client → server events; each is acknowledged with a `SubscriptionAck`. There are no write events. */
export const clientEventSchemas = {
  subscribe: subscribeBodySchema,
  unsubscribe: subscribeBodySchema,
} as const;

export type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;

/** For `Server<…, ServerToClientEvents>` and `Socket<ServerToClientEvents, …>`. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};
export type ClientToServerEvents = {
  [E in keyof typeof clientEventSchemas]: (
    body: z.infer<(typeof clientEventSchemas)[E]>,
    ack: (result: SubscriptionAck) => void,
  ) => void;
};
