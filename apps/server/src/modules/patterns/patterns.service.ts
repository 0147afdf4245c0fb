import type { DevicePatterns } from '@dtwin/contracts/patterns';
import type { RunTask } from '../../analytics/compute-tasks';
import type { Clock } from '../../lib/clock';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';

const MINUTE = 60_000;

export interface PatternsServiceDeps {
  devices: Pick<DevicesService, 'get'>;
  models: Pick<ModelsService, 'get'>;
  /** Runs the computation itself (patterns-compute.ts), on the analytics thread or in this one. */
  compute: RunTask;
  clock: Clock;
  options?: Partial<{
    cacheMs: number;
    cacheSize: number;
    hourlyDays: number;
    trendDays: number;
    correlationHours: number;
  }>;
}

/**
 * Patterns of a device, computed on request from the rollups and kept for a few minutes (they
 * move on the scale of hours): per metric the trend (7 days of hourly means), daily and weekly
 * seasonality (14 days), change points (mean shifts in the hourly means of 7 days, after removing
 * the daily profile when it is strong), and Pearson correlations between metrics on aligned
 * 1-minute means of the last 24 hours.
 */
export function createPatternsService(deps: PatternsServiceDeps) {
  const { devices, models, clock, options = {} } = deps;
  const o = {
    cacheMs: 5 * MINUTE,
    cacheSize: 1000,
    hourlyDays: 14,
    trendDays: 7,
    correlationHours: 24,
    ...options,
  };
  const cache = new Map<string, { at: number; value: DevicePatterns }>();

  async function compute(deviceId: string): Promise<DevicePatterns> {
    const model = models.get((await devices.get(deviceId)).model);
    return deps.compute('patterns', {
      deviceId,
      metrics: model.metrics,
      now: clock.now(),
      hourlyDays: o.hourlyDays,
      trendDays: o.trendDays,
      correlationHours: o.correlationHours,
    });
  }

  return {
    async get(deviceId: string, { fresh = false } = {}): Promise<DevicePatterns> {
      const now = clock.now();
      const hit = cache.get(deviceId);
      if (!fresh && hit && now - hit.at < o.cacheMs) return hit.value;
      const value = await compute(deviceId);
      cache.delete(deviceId);
      cache.set(deviceId, { at: now, value });
      if (cache.size > o.cacheSize) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return value;
    },
    forget: (deviceId: string) => void cache.delete(deviceId),
  };
}

export type PatternsService = ReturnType<typeof createPatternsService>;
