import type { DesiredMessage, Twin } from '@dtwin/contracts/twin';

/** A stored reading: `ts` in epoch milliseconds. */
export interface Reading {
  deviceId: string;
  metric: string;
  ts: number;
  value: number;
}

/** Every domain event, by name. Emitted after the write behind it has committed. */
export interface DomainEvents extends Record<string, unknown> {
  'telemetry.stored': { readings: Reading[] };
  'twin.changed': { twin: Twin };
  'twin.desired_changed': { deviceId: string; message: DesiredMessage };
  'device.deleted': { deviceId: string };
  'device.maintenance_changed': { deviceId: string; maintenance: boolean };
}

export type { EventBus } from './event-bus';
