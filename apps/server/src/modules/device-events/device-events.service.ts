import type {
  CreateDeviceEventBody,
  DeviceEvent,
  DeviceEventListQuery,
  DeviceEventType,
} from '@dtwin/contracts/device-events';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { Actor } from '../users/users.service';
import type { DeviceEventRow, DeviceEventsRepository } from './device-events.repository';

/** A device's log is bounded: beyond this many events, new ones are refused (409). */
export const MAX_EVENTS_PER_DEVICE = 10_000;
/** At most this many failures and repairs of a model are read to learn from. */
const MAX_LIFECYCLE_EVENTS = 20_000;
/** An event may be dated a little ahead of the server's clock (clock skew), never more. */
const FUTURE_TOLERANCE_MS = 60_000;
/** Nothing before 1990 is a maintenance record of a connected machine. */
const EARLIEST_TS = Date.UTC(1990, 0, 1);

interface Deps {
  events: DeviceEventsRepository;
  devices: Pick<DevicesService, 'get'>;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
}

export const toDeviceEvent = (row: DeviceEventRow): DeviceEvent => ({
  id: Number(row.id),
  device_id: row.device_id,
  type: row.type as DeviceEventType,
  ts: new Date(row.ts).toISOString(),
  failure_mode: row.failure_mode,
  notes: row.notes,
  created_by: row.created_by,
  created_at: new Date(row.created_at).toISOString(),
});

export function createDeviceEventsService({ events, devices, audit, bus, clock }: Deps) {
  return {
    async record(deviceId: string, body: CreateDeviceEventBody, actor: Actor): Promise<DeviceEvent> {
      await devices.get(deviceId);
      const ts = Date.parse(body.ts);
      const now = clock.now();
      if (ts > now + FUTURE_TOLERANCE_MS || ts < EARLIEST_TS)
        throw new AppError('validation_failed', 'the event time is out of range', {
          fields: { ts: 'must be after 1990 and not in the future' },
        });
      if (body.failure_mode !== undefined && body.type !== 'failure')
        throw new AppError('validation_failed', 'only a failure has a failure mode', {
          fields: { failure_mode: 'is only for type "failure"' },
        });
      if ((await events.count(deviceId)) >= MAX_EVENTS_PER_DEVICE)
        throw new AppError('conflict', `device '${deviceId}' has ${MAX_EVENTS_PER_DEVICE} events already`);
      const row = await events.insert({
        device_id: deviceId,
        type: body.type,
        ts,
        failure_mode: body.failure_mode ?? null,
        notes: body.notes ?? null,
        created_by: actor.username,
        created_at: now,
      });
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'device.event',
        target: deviceId,
        outcome: 'success',
        detail: `${body.type} at ${new Date(ts).toISOString()}${body.failure_mode ? ` (${body.failure_mode})` : ''}`,
      });
      await bus.emit('device.event_recorded', { deviceId, type: body.type, ts });
      return toDeviceEvent(row);
    },

    /** Failures and repairs of every device of a model, oldest first (what fleet models learn from). */
    async lifecycleOfModel(modelId: string): Promise<DeviceEventRow[]> {
      return events.forModel(modelId, MAX_LIFECYCLE_EVENTS);
    },

    failureCounts: () => events.failureCounts(),

    /** The device's latest failure or repair before `now` (its current life began there). */
    async lastLifecycleEvent(deviceId: string, now: number): Promise<DeviceEventRow | undefined> {
      const [failure] = await events.list(deviceId, { to: now + 1, type: 'failure', limit: 1 });
      const [repair] = await events.list(deviceId, { to: now + 1, type: 'repair', limit: 1 });
      if (!failure) return repair;
      if (!repair) return failure;
      return repair.ts >= failure.ts ? repair : failure;
    },

    async list(deviceId: string, query: DeviceEventListQuery): Promise<DeviceEvent[]> {
      await devices.get(deviceId);
      const rows = await events.list(deviceId, {
        limit: query.limit,
        ...(query.from ? { from: Date.parse(query.from) } : {}),
        ...(query.to ? { to: Date.parse(query.to) } : {}),
        ...(query.type ? { type: query.type } : {}),
      });
      return rows.map(toDeviceEvent);
    },
  };
}

export type DeviceEventsService = ReturnType<typeof createDeviceEventsService>;
