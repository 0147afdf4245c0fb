import type { Clock } from '../../lib/clock';

/**
 * Counts failed logins per key (a username, an IP) over a sliding window. Only failures count,
 * so a user who types the right password is never slowed by others' traffic on the same IP
 * until that IP itself misbehaves. Memory is bounded: old entries are swept as keys arrive.
 */
export function createLoginLimiter({
  clock,
  windowMs,
  maxKeys = 100_000,
}: {
  clock: Clock;
  windowMs: number;
  maxKeys?: number;
}) {
  const failures = new Map<string, number[]>();

  const recent = (key: string): number[] => {
    const cutoff = clock.now() - windowMs;
    const times = (failures.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };

  const sweep = () => {
    if (failures.size < maxKeys) return;
    for (const key of failures.keys()) recent(key);
    // Still full of live keys: drop the oldest insertions rather than grow without bound.
    for (const key of failures.keys()) {
      if (failures.size < maxKeys) break;
      failures.delete(key);
    }
  };

  return {
    /** Seconds to wait before another attempt, or 0 when one is allowed now. */
    retryAfterS(limits: Array<{ key: string; max: number }>): number {
      let wait = 0;
      for (const { key, max } of limits) {
        const times = recent(key);
        if (times.length >= max) {
          const oldest = times[times.length - max] ?? clock.now();
          wait = Math.max(wait, Math.ceil((oldest + windowMs - clock.now()) / 1000));
        }
      }
      return Math.max(0, wait);
    },

    fail(keys: string[]): void {
      sweep();
      for (const key of keys) failures.set(key, [...recent(key), clock.now()]);
    },

    reset(key: string): void {
      failures.delete(key);
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
