import { recovered, violates, type RuleCondition } from './alert-condition';

export interface EvaluatedRule extends RuleCondition {
  id: number;
  duration_s: number;
}

/** An open alert as evaluation sees it: the timestamp of the newest value applied to it. */
export interface OpenMark {
  lastTs: number;
}

export type Decision =
  /** Nothing to do (no alert, and the condition is not met or has not held long enough). */
  | { type: 'none' }
  /** The condition has held `duration_s`: raise an alert (or reopen one within its cool-down). */
  | { type: 'fire' }
  /** An open alert whose condition still holds: one more occurrence. */
  | { type: 'repeat' }
  /** An open alert whose value left the condition but not the hysteresis band: new value only. */
  | { type: 'band' }
  /** An open alert whose value is back past the threshold ∓ hysteresis. */
  | { type: 'clear' };

interface Pending {
  since: number;
  lastTs: number;
  value: number;
}

export const keyOf = (ruleId: number, deviceId: string) => `${ruleId}:${deviceId}`;

/**
 * Decides, reading by reading, what a rule means for a device. It remembers only the
 * conditions that are met but have not yet held `duration_s` ("pending"), in a map bounded by
 * `maxPending` (the oldest is dropped: that condition then has to hold its duration again).
 * Time is the readings' timestamps; a reading older than the last one seen is ignored.
 */
export function createEvaluator({ maxPending = 100_000 }: { maxPending?: number } = {}) {
  const pending = new Map<string, Pending>();

  function remember(key: string, entry: Pending) {
    pending.delete(key);
    if (pending.size >= maxPending) {
      const oldest = pending.keys().next();
      if (!oldest.done) pending.delete(oldest.value);
    }
    pending.set(key, entry);
  }

  return {
    decide(
      rule: EvaluatedRule,
      deviceId: string,
      value: number,
      ts: number,
      open: OpenMark | undefined,
    ): Decision {
      const key = keyOf(rule.id, deviceId);
      if (open) {
        if (ts < open.lastTs) return { type: 'none' };
        pending.delete(key);
        if (violates(rule, value)) return { type: 'repeat' };
        return recovered(rule, value) ? { type: 'clear' } : { type: 'band' };
      }
      const entry = pending.get(key);
      if (entry && ts < entry.lastTs) return { type: 'none' };
      if (!violates(rule, value)) {
        pending.delete(key);
        return { type: 'none' };
      }
      const since = entry?.since ?? ts;
      if (ts - since >= rule.duration_s * 1000) {
        pending.delete(key);
        return { type: 'fire' };
      }
      remember(key, { since, lastTs: ts, value });
      return { type: 'none' };
    },

    /**
     * Conditions whose duration has run out by `now` without a reading to say so (a device that
     * went quiet while over its threshold, a signal sent only on change): they fire now.
     */
    due<R extends EvaluatedRule>(now: number, ruleOf: (id: number) => R | undefined) {
      const fired: Array<{ rule: R; deviceId: string; value: number }> = [];
      for (const [key, entry] of pending) {
        const colon = key.indexOf(':');
        const rule = ruleOf(Number(key.slice(0, colon)));
        if (!rule) {
          pending.delete(key);
          continue;
        }
        if (now - entry.since >= rule.duration_s * 1000) {
          pending.delete(key);
          fired.push({ rule, deviceId: key.slice(colon + 1), value: entry.value });
        }
      }
      return fired;
    },

    /** Starts over for this rule and device (the alert was resolved by hand, or suppressed). */
    reset(ruleId: number, deviceId: string) {
      pending.delete(keyOf(ruleId, deviceId));
    },

    forgetRule(ruleId: number) {
      for (const key of pending.keys()) if (key.startsWith(`${ruleId}:`)) pending.delete(key);
    },

    forgetDevice(deviceId: string) {
      for (const key of pending.keys()) if (key.endsWith(`:${deviceId}`)) pending.delete(key);
    },

    get size() {
      return pending.size;
    },
  };
}

export type Evaluator = ReturnType<typeof createEvaluator>;
