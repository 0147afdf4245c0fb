import type { MetricDefinition } from '@dtwin/contracts/models';
import type { SeriesReader } from '../../analytics/series-reader';
import type { MetricWindow } from './health-components';
import { computeHealth, type HealthInputs } from './health-score';

const MINUTE = 60_000;

/** What the health of one device is computed from, besides its rollups (plain data: it crosses to the analytics thread). */
export interface DeviceHealthInput extends Omit<HealthInputs, 'windows'> {
  deviceId: string;
  metrics: MetricDefinition[];
  /** Whether the device was ever seen; an unseen device without readings has no health. */
  seen: boolean;
}

export type DeviceHealthResult = ReturnType<typeof computeHealth>;

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
  const { deviceId, metrics, from, now } = input;
  const windows: MetricWindow[] = [];
  for (const metric of metrics) {
    windows.push({
      metric,
      minutes: (await reader.minutes(deviceId, metric, from, now + 1)).filter((b) => b.t + MINUTE > from),
    });
  }
  if (!input.seen && windows.every((w) => w.minutes.length === 0)) return null;
  return computeHealth({
    now,
    from,
    intervalMs: input.intervalMs,
    windows,
    anomaly: input.anomaly,
    degradation: input.degradation,
    lastMaintenanceAt: input.lastMaintenanceAt,
    weights: input.weights,
  });
}
