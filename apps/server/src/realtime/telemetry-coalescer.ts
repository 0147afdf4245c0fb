import type { Reading } from '../lib/domain-events';

export interface LatestValue {
  value: number;
  ts: number;
}

/** Device id → metric → its newest reading since the previous flush. */
export type CoalescedTelemetry = Map<string, Map<string, LatestValue>>;

export interface TelemetryCoalescerOptions {
  /** At most one flush per interval, so a device is pushed at most 1000 / intervalMs times a second. */
  intervalMs: number;
  onFlush: (batch: CoalescedTelemetry) => void;
  /** A monotonic clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

/**
 * Keeps only the newest value of each metric of each device and hands them over at most once per
 * interval, whatever the ingest rate: memory is one entry per device-metric, and the timer runs
 * only while something is waiting. After a quiet spell the first readings go out at once (on the
 * next turn of the event loop, so a batch stays together); under load, every `intervalMs`.
 */
export function createTelemetryCoalescer({
  intervalMs,
  onFlush,
  now = () => performance.now(),
}: TelemetryCoalescerOptions) {
  let pending: CoalescedTelemetry = new Map();
  let timer: NodeJS.Timeout | undefined;
  let lastFlush = -Infinity;
  let closed = false;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    lastFlush = now();
    onFlush(batch);
  }

  return {
    add(readings: readonly Reading[]): void {
      if (closed) return;
      for (const r of readings) {
        let metrics = pending.get(r.deviceId);
        if (!metrics) pending.set(r.deviceId, (metrics = new Map()));
        const current = metrics.get(r.metric);
        // A late reading does not replace a newer one; on a tie the later arrival wins.
        if (!current || current.ts <= r.ts) metrics.set(r.metric, { value: r.value, ts: r.ts });
      }
      if (timer === undefined && pending.size > 0) {
        timer = setTimeout(flush, Math.max(0, lastFlush + intervalMs - now()));
        timer.unref();
      }
    },

    /** Drops what is waiting for a device (it was deleted). */
    forget(deviceId: string): void {
      pending.delete(deviceId);
    },

    /** Hands over whatever is waiting now. */
    flush,

    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = new Map();
    },
  };
}

export type TelemetryCoalescer = ReturnType<typeof createTelemetryCoalescer>;
