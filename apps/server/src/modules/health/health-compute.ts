import type { MetricDefinition } from '@dtwin/contracts/models';
import type { SeriesReader } from '../../analytics/series-reader';
import type { MetricWindow } from './health-components';
import { computeHealth, type HealthInputs } from './health-score';

const MINUTE = 60_000;

/**
 * Where a device's history starts: its creation, or its first reading when readings predate it
 * (imported or simulated history), so the time before creation that has readings is not downtime.
 * Only a minute bucket wholly before the creation minute counts as earlier readings.
 */
export function historyStart(createdAt: number, windows: readonly MetricWindow[]): number {
  const creationMinute = createdAt - (createdAt % MINUTE);
  const first = Math.min(...windows.flatMap((w) => w.minutes.slice(0, 1).map((b) => b.t)));
  return first < creationMinute ? first : createdAt;
}

/** What the health of one device is computed from, besides its rollups (plain data: it crosses to the analytics thread). */
export interface DeviceHealthInput extends Omit<HealthInputs, 'windows' | 'from'> {
  deviceId: string;
  metrics: MetricDefinition[];
  /** The start of the scoring window, and the device's creation (history starts at the later one, or earlier readings). */
  windowStart: number;
  createdAt: number;
  /** Whether the device was ever seen; an unseen device without readings has no health. */
  seen: boolean;
}

/** The score and components, with where the window actually started. */
export type DeviceHealthResult = ReturnType<typeof computeHealth> & { from: number };

/**
 * The health computation of one device: its 1-minute rollups over [from, now] read through
 * `reader`, then the components and score. The one code path, whether it runs on the analytics
 * thread (with that thread's connection) or in this one (ANALYTICS_THREAD=off). Null: nothing to
 * score yet.
 */
export async function computeDeviceHealth(
  reader: SeriesReader,
  input: DeviceHealthInput,
): Promise<DeviceHealthResult | null> {
  const { deviceId, metrics, windowStart, now } = input;
  const read: MetricWindow[] = [];
  for (const metric of metrics)
    read.push({ metric, minutes: await reader.minutes(deviceId, metric, windowStart, now + 1) });
  const from = Math.max(windowStart, historyStart(input.createdAt, read));
  const windows = read.map((w) => ({ ...w, minutes: w.minutes.filter((b) => b.t + MINUTE > from) }));
  if (!input.seen && windows.every((w) => w.minutes.length === 0)) return null;
  const health = computeHealth({
    now,
    from,
    intervalMs: input.intervalMs,
    windows,
    anomaly: input.anomaly,
    degradation: input.degradation,
    lastMaintenanceAt: input.lastMaintenanceAt,
    weights: input.weights,
  });
  return { ...health, from };
}
