import type { DomainEvents, EventBus } from '../lib/domain-events';
import type { Forward } from '../lib/socket-push';

/** Feeds a derived signal (`anomaly_score`, `health_score`, `failure_probability`) to the alert rules. */
export type SignalSink = (deviceId: string, signal: string, value: number, ts: number) => Promise<void>;

/** Work a model asks the scheduler of `worker` processes to run at an interval. */
export interface DueWork {
  /** Names the scheduler's task (`analytics.<model>` or `analytics.<model>.<what>`). */
  task: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * One analytics model — anomaly, health, predictions, patterns, recommendations. Each is built by
 * its module (`<module>.analytics.ts`) and registered in one list (build-analytics.ts); the
 * container subscribes every model to the bus and forgets deleted devices in all of them, and the
 * runtime schedules their due work. A new model is its module plus one line in that list.
 */
export interface AnalyticsModel {
  readonly name: string;
  /** The signals it sends to the alert rules (through the `SignalSink` it is built with). */
  readonly signals: readonly string[];
  /** Subscribes to the domain events it reads; returns the unsubscribers. */
  listen(bus: EventBus<DomainEvents>): Array<() => void>;
  /** Recomputes one device now (undefined for models that only learn from the stream). */
  recompute?(deviceId: string): Promise<unknown>;
  /** What it pushes to browsers: its domain events mapped to socket events (see realtime.events.ts). */
  toSockets?(forward: Forward): Array<() => void>;
  /** Periodic work: debounced recomputation of devices with new data, sweeps, upkeep. */
  readonly due: readonly DueWork[];
  /** Drops what it holds of a device (the device was deleted). */
  forget(deviceId: string): void;
}

/** Unique device ids of a batch of readings. */
export const devicesIn = (readings: ReadonlyArray<{ deviceId: string }>) =>
  new Set(readings.map((r) => r.deviceId));

/** Every device id, page by page. */
export async function allDeviceIds(devices: {
  list(q: { sort: 'id'; limit: number; offset: number }): Promise<{ items: Array<{ id: string }> }>;
}): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await devices.list({ sort: 'id', limit: 1000, offset });
    ids.push(...page.items.map((d) => d.id));
    if (page.items.length < 1000) return ids;
  }
}
