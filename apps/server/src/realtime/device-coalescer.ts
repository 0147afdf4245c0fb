import type { Reading } from '../lib/domain-events';
import type {
  CoalescedTelemetry,
  TelemetryCoalescer,
  TelemetryCoalescerOptions,
} from './telemetry-coalescer';

/**
 * The per-device push: a device's first readings after a quiet spell (nothing pushed for it in
 * the last `intervalMs`) are handed over at once, inside `add`, so a reading reaches its sockets
 * in the same turn as its commit; what it reports after that waits for its trailing edge,
 * `intervalMs` after its previous push, and only the newest value of each metric goes. So each
 * device is pushed at most once per interval whatever its rate, and a quiet device never waits
 * behind a busy fleet's tick. Memory: one entry per device-metric waiting, and one timestamp per
 * device pushed within the last interval (older ones are swept). One timer, for the earliest
 * trailing edge, runs only while something waits.
 */
export function createDeviceCoalescer({
  intervalMs,
  onFlush,
  now = () => performance.now(),
}: TelemetryCoalescerOptions): TelemetryCoalescer {
  let pending: CoalescedTelemetry = new Map();
  /** When each device was last pushed (only devices pushed within about the last interval). */
  const lastPush = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let lastSweep = -Infinity;
  let closed = false;

  const dueAt = (deviceId: string) => (lastPush.get(deviceId) ?? -Infinity) + intervalMs;

  function sweep(t: number) {
    if (t - lastSweep < intervalMs) return;
    lastSweep = t;
    for (const [deviceId, at] of lastPush) if (at + intervalMs <= t) lastPush.delete(deviceId);
  }

  function hand(batch: CoalescedTelemetry, t: number) {
    for (const deviceId of batch.keys()) lastPush.set(deviceId, t);
    onFlush(batch);
  }

  function arm() {
    let earliest = Infinity;
    for (const deviceId of pending.keys()) earliest = Math.min(earliest, dueAt(deviceId));
    if (earliest === timerAt) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    timerAt = earliest;
    if (earliest === Infinity) return;
    timer = setTimeout(onTimer, Math.max(0, earliest - now()));
    timer.unref();
  }

  /** The trailing edges that are due: every waiting device whose interval has passed. */
  function onTimer() {
    timer = undefined;
    timerAt = Infinity;
    const t = now();
    const due: CoalescedTelemetry = new Map();
    for (const [deviceId, metrics] of pending)
      if (dueAt(deviceId) <= t) {
        due.set(deviceId, metrics);
        pending.delete(deviceId);
      }
    sweep(t);
    if (due.size > 0) hand(due, t);
    arm();
  }

  return {
    add(readings: readonly Reading[]): void {
      if (closed || readings.length === 0) return;
      const touched = new Set<string>();
      for (const r of readings) {
        let metrics = pending.get(r.deviceId);
        if (!metrics) pending.set(r.deviceId, (metrics = new Map()));
        const current = metrics.get(r.metric);
        // A late reading does not replace a newer one; on a tie the later arrival wins.
        if (!current || current.ts <= r.ts) metrics.set(r.metric, { value: r.value, ts: r.ts });
        touched.add(r.deviceId);
      }
      const t = now();
      const leading: CoalescedTelemetry = new Map();
      for (const deviceId of touched) {
        if (dueAt(deviceId) > t) continue;
        leading.set(deviceId, pending.get(deviceId)!);
        pending.delete(deviceId);
      }
      sweep(t);
      if (leading.size > 0) hand(leading, t);
      arm();
    },

    forget(deviceId: string): void {
      pending.delete(deviceId);
      lastPush.delete(deviceId);
    },

    /** Hands over whatever is waiting now. */
    flush(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      hand(batch, now());
    },

    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      pending = new Map();
      lastPush.clear();
    },
  };
}
