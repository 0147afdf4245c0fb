import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { ComputationSkipped } from './analytics-compute';
import { allDeviceIds } from './analytics-model';

export interface RecomputeQueueOptions {
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  name: string;
  /** A device with new data is recomputed at most this often. */
  minIntervalMs: number;
  /** Every known device is recomputed at least this often, with or without new data (gaps count too). */
  sweepIntervalMs: number;
  /** Devices handled per `runDue` call, so one call never holds the event loop for long. */
  maxPerRun: number;
  /** All device ids (read again at most every `sweepIntervalMs`). */
  listDevices: () => Promise<string[]>;
  run: (deviceId: string) => Promise<void>;
}

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Debounced, bounded recomputation: data marks a device dirty (O(1), from the hot path);
 * `runDue` (called by the scheduler) recomputes the dirty devices whose last run is old enough,
 * then the ones the sweep is due for, oldest first. Memory is two entries per device.
 */
export function createRecomputeQueue(o: RecomputeQueueOptions) {
  const lastRun = new Map<string, number>();
  const dirty = new Set<string>();
  let known: string[] = [];
  let listedAt = -Infinity;

  return {
    markDirty(deviceId: string): void {
      dirty.add(deviceId);
    },

    forget(deviceId: string): void {
      dirty.delete(deviceId);
      lastRun.delete(deviceId);
      known = known.filter((id) => id !== deviceId);
    },

    /** When this device was last recomputed by this queue (epoch ms). */
    lastRunOf: (deviceId: string) => lastRun.get(deviceId),

    async runDue(): Promise<number> {
      const now = o.clock.now();
      if (now - listedAt >= o.sweepIntervalMs) {
        known = await o.listDevices();
        listedAt = now;
        const alive = new Set(known);
        for (const id of lastRun.keys()) if (!alive.has(id)) lastRun.delete(id);
      }
      const due: string[] = [];
      for (const id of dirty) if (now - (lastRun.get(id) ?? -Infinity) >= o.minIntervalMs) due.push(id);
      const stale = known
        .filter((id) => !dirty.has(id) && now - (lastRun.get(id) ?? -Infinity) >= o.sweepIntervalMs)
        .sort((a, b) => (lastRun.get(a) ?? -Infinity) - (lastRun.get(b) ?? -Infinity));
      let done = 0;
      for (const id of [...due, ...stale]) {
        if (done >= o.maxPerRun) break;
        dirty.delete(id);
        const before = lastRun.get(id);
        lastRun.set(id, now);
        try {
          await o.run(id);
        } catch (err) {
          if (err instanceof ComputationSkipped) {
            // Overload, counted where it was refused: the device waits for a later run.
            dirty.add(id);
            if (before === undefined) lastRun.delete(id);
            else lastRun.set(id, before);
          } else if (err instanceof AppError && err.code === 'not_found') {
            // Not a device (an asset's alert marks its subject) or deleted meanwhile: nothing to redo.
            lastRun.delete(id);
          } else o.logger.warn({ err, deviceId: id, task: o.name }, 'recomputation failed');
        }
        done++;
        await yieldToOthers();
      }
      return done;
    },
  };
}

export type RecomputeQueue = ReturnType<typeof createRecomputeQueue>;

/**
 * The queue of an analytics service: every device (listed page by page) recomputed by
 * `recompute`, with the service's timing.
 */
export function createDeviceQueue(
  name: string,
  deps: { devices: Parameters<typeof allDeviceIds>[0]; clock: Clock; logger: Pick<Logger, 'warn'> },
  timing: Pick<RecomputeQueueOptions, 'minIntervalMs' | 'sweepIntervalMs' | 'maxPerRun'>,
  recompute: (deviceId: string) => Promise<unknown>,
): RecomputeQueue {
  return createRecomputeQueue({
    name,
    clock: deps.clock,
    logger: deps.logger,
    minIntervalMs: timing.minIntervalMs,
    sweepIntervalMs: timing.sweepIntervalMs,
    maxPerRun: timing.maxPerRun,
    listDevices: () => allDeviceIds(deps.devices),
    run: async (deviceId) => {
      await recompute(deviceId);
    },
  });
}
