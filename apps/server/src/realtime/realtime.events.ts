import type { Alert } from '@dtwin/contracts/alerts';
import {
  deviceRoom,
  FLEET_ROOM,
  type AlertEvent,
  type Room,
  type ServerEventName,
  type ServerEventPayload,
  type TelemetryEvent,
  type TelemetrySummaryEvent,
} from '@dtwin/contracts/realtime';
import type { DomainEvents, EventBus } from '../lib/domain-events';
import { tokenRoom, userRoom } from './socket-auth';
import type { CoalescedTelemetry, TelemetryCoalescer } from './telemetry-coalescer';

/** One socket event for some rooms (a socket in several of them gets it once). */
export type Outgoing = {
  [E in ServerEventName]: { event: E; rooms: Room[]; payload: ServerEventPayload<E> };
}[ServerEventName];

interface Deps {
  bus: EventBus<DomainEvents>;
  /** Stored readings go through the coalescers, never straight to sockets. */
  telemetry: TelemetryCoalescer[];
  push: (out: Outgoing) => void;
  /** Disconnects every socket in a room, on every node. */
  disconnectRoom: (room: string) => void;
  /** Makes every socket leave a room, on every node. */
  closeRoom: (room: Room) => void;
}

const toDeviceAndFleet = (deviceId: string): Room[] => [FLEET_ROOM, deviceRoom(deviceId)];

const alertOut = (change: AlertEvent['change'], alert: Alert): Outgoing => ({
  event: 'alert',
  rooms: toDeviceAndFleet(alert.device_id),
  payload: { change, alert },
});

/**
 * What reaches sockets, one line per domain event. To push another event (predictions…): add its
 * schema to `serverEventSchemas` in contracts/realtime.ts and a `forward(…)` line here.
 */
export function forwardDomainEvents({
  bus,
  telemetry,
  push,
  disconnectRoom,
  closeRoom,
}: Deps): Array<() => void> {
  const forward = <K extends keyof DomainEvents>(
    name: K,
    map: (payload: DomainEvents[K]) => Outgoing | null,
  ) =>
    bus.on(name, (payload) => {
      const out = map(payload);
      if (out) push(out);
    });

  return [
    bus.on('telemetry.stored', ({ readings }) => telemetry.forEach((c) => c.add(readings))),
    forward('twin.changed', ({ twin }) => ({
      event: 'twin',
      rooms: toDeviceAndFleet(twin.device_id),
      payload: twin,
    })),
    forward('alert.raised', ({ alert }) => alertOut('raised', alert)),
    forward('alert.updated', ({ alert }) => alertOut('updated', alert)),
    forward('alert.cleared', ({ alert }) => alertOut('cleared', alert)),
    forward('health.updated', (h) => ({
      event: 'health',
      rooms: toDeviceAndFleet(h.deviceId),
      payload: {
        device_id: h.deviceId,
        score: h.score,
        status: h.status,
        previous_status: h.previousStatus,
        trend: h.trend,
        computed_at: iso(h.computedAt),
      },
    })),
    forward('recommendation.changed', ({ recommendation, change }) => ({
      event: 'recommendation',
      rooms: toDeviceAndFleet(recommendation.device_id),
      payload: { change, recommendation },
    })),
    bus.on('device.deleted', ({ deviceId }) => {
      telemetry.forEach((c) => c.forget(deviceId));
      closeRoom(deviceRoom(deviceId));
    }),
    // Logout, password change, user disabled: their sockets go, on every node.
    bus.on('auth.token_revoked', ({ jti }) => disconnectRoom(tokenRoom(jti))),
    bus.on('auth.user_revoked', ({ userId }) => disconnectRoom(userRoom(userId))),
  ];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The per-device events of one flush: the newest value of each metric. */
export function toTelemetryEvents(batch: CoalescedTelemetry): TelemetryEvent[] {
  return [...batch].map(([deviceId, metrics]) => ({
    device_id: deviceId,
    metrics: Object.fromEntries([...metrics].map(([name, m]) => [name, { value: m.value, ts: iso(m.ts) }])),
  }));
}

/** The fleet summary of one flush: values only, with the time of each device's newest reading. */
export function toTelemetrySummary(batch: CoalescedTelemetry): TelemetrySummaryEvent {
  return {
    devices: [...batch].map(([deviceId, metrics]) => {
      let newest = -Infinity;
      for (const m of metrics.values()) newest = Math.max(newest, m.ts);
      return {
        device_id: deviceId,
        ts: iso(newest),
        metrics: Object.fromEntries([...metrics].map(([name, m]) => [name, m.value])),
      };
    }),
  };
}
