import type { Alert } from '@dtwin/contracts/alerts';
import {
  assetRoom,
  deviceRoom,
  type AlertEvent,
  type Room,
  type TelemetryEvent,
  type TelemetrySummaryEvent,
} from '@dtwin/contracts/realtime';
import type { DomainEvents, EventBus } from '../lib/domain-events';
import type { AnalyticsModel } from '../analytics/analytics-model';
import { tokenRoom, userRoom } from './socket-auth';
import { toDeviceAndFleet, type Forward, type Outgoing } from '../lib/socket-push';
import type { CoalescedTelemetry, TelemetryCoalescer } from './telemetry-coalescer';

interface Deps {
  bus: EventBus<DomainEvents>;
  /** Each model pushes its own events (health, recommendations…). */
  analytics: readonly Pick<AnalyticsModel, 'toSockets'>[];
  /** Stored readings go through the coalescers, never straight to sockets. */
  telemetry: TelemetryCoalescer[];
  /** Computed values of assets, coalesced per asset (keyed by asset id). */
  assetMetrics: TelemetryCoalescer;
  /** Computed values of devices, coalesced per device. */
  deviceMetrics: TelemetryCoalescer;
  push: (out: Outgoing) => void;
  /** Disconnects every socket in a room, on every node. */
  disconnectRoom: (room: string) => void;
  /** Makes every socket leave a room, on every node. */
  closeRoom: (room: Room) => void;
}

const alertOut = (change: AlertEvent['change'], alert: Alert): Outgoing => ({
  event: 'alert',
  rooms: toDeviceAndFleet(alert.device_id),
  payload: { change, alert },
});

/**
 * What reaches sockets, one line per domain event; the analytics models add theirs
 * (`toSockets`). To push another event: add its schema to `serverEventSchemas` in
 * contracts/realtime.ts and a `forward(…)` line here or in the model.
 */
export function forwardDomainEvents({
  bus,
  analytics,
  telemetry,
  assetMetrics,
  deviceMetrics,
  push,
  disconnectRoom,
  closeRoom,
}: Deps): Array<() => void> {
  const forward: Forward = (name, map) =>
    bus.on(name, (payload) => {
      const out = map(payload);
      if (out) push(out);
    });

  return [
    ...analytics.flatMap((m) => m.toSockets?.(forward) ?? []),
    // First of its subscribers: the push leaves before the twin, the alert rules and the
    // analytics have run on the batch (the coalescer itself is synchronous).
    bus.on('telemetry.stored', ({ readings }) => telemetry.forEach((c) => c.add(readings)), { first: true }),
    forward('twin.changed', ({ twin }) => ({
      event: 'twin',
      rooms: toDeviceAndFleet(twin.device_id),
      payload: twin,
    })),
    forward('command.changed', ({ command, change }) => ({
      event: 'command',
      rooms: [deviceRoom(command.device_id)],
      payload: { change, command },
    })),
    bus.on('asset.metrics_computed', ({ assetId, values, ts }) =>
      assetMetrics.add(values.map((v) => ({ deviceId: assetId, metric: v.metric, value: v.value, ts }))),
    ),
    bus.on('device.metrics_computed', ({ deviceId, values, ts }) =>
      deviceMetrics.add(values.map((v) => ({ deviceId, metric: v.metric, value: v.value, ts }))),
    ),
    bus.on('asset.changed', ({ assetId, change }) => {
      if (change !== 'deleted') return;
      assetMetrics.forget(assetId);
      closeRoom(assetRoom(assetId));
    }),
    forward('alert.raised', ({ alert }) => alertOut('raised', alert)),
    forward('alert.updated', ({ alert }) => alertOut('updated', alert)),
    forward('alert.cleared', ({ alert }) => alertOut('cleared', alert)),
    bus.on('device.deleted', ({ deviceId }) => {
      telemetry.forEach((c) => c.forget(deviceId));
      deviceMetrics.forget(deviceId);
      closeRoom(deviceRoom(deviceId));
    }),
    // Logout, password change, user disabled: their sockets go, on every node.
    bus.on('auth.token_revoked', ({ jti }) => disconnectRoom(tokenRoom(jti))),
    bus.on('auth.user_revoked', ({ userId }) => disconnectRoom(userRoom(userId))),
  ];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The per-device events of one flush (of the devices `wanted` keeps): the newest value of each metric. */
export function toTelemetryEvents(
  batch: CoalescedTelemetry,
  wanted: (deviceId: string) => boolean = () => true,
): TelemetryEvent[] {
  const events: TelemetryEvent[] = [];
  for (const [deviceId, metrics] of batch) {
    if (!wanted(deviceId)) continue;
    events.push({
      device_id: deviceId,
      metrics: Object.fromEntries([...metrics].map(([name, m]) => [name, { value: m.value, ts: iso(m.ts) }])),
    });
  }
  return events;
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

/** The events of one flush of computed values, one per asset or device (the batch's keys). */
export function toComputedEvents(
  batch: CoalescedTelemetry,
): Array<{ id: string; metrics: Record<string, { value: number; ts: string }> }> {
  return [...batch].map(([id, metrics]) => ({
    id,
    metrics: Object.fromEntries([...metrics].map(([name, m]) => [name, { value: m.value, ts: iso(m.ts) }])),
  }));
}
