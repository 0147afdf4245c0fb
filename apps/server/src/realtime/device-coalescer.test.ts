import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '../lib/domain-events';
import { createDeviceCoalescer } from './device-coalescer';
import type { CoalescedTelemetry } from './telemetry-coalescer';

const reading = (deviceId: string, metric: string, ts: number, value: number): Reading => ({
  deviceId,
  metric,
  ts,
  value,
});
const plain = (batch: CoalescedTelemetry) =>
  Object.fromEntries(
    [...batch].map(([d, m]) => [d, Object.fromEntries([...m].map(([k, v]) => [k, v.value]))]),
  );

describe('per-device coalescer', () => {
  let flushes: Array<{ at: number; batch: Record<string, Record<string, number>> }>;
  beforeEach(() => {
    vi.useFakeTimers();
    flushes = [];
  });
  afterEach(() => vi.useRealTimers());

  const make = () =>
    createDeviceCoalescer({
      intervalMs: 250,
      onFlush: (b) => flushes.push({ at: Date.now(), batch: plain(b) }),
      now: () => Date.now(),
    });

  it('pushes the first reading of a quiet device inside add, with no timer', () => {
    const c = make();
    const start = Date.now();
    c.add([reading('P1', 'flow', 1, 10), reading('P1', 'power', 1, 3)]);
    expect(flushes).toEqual([{ at: start, batch: { P1: { flow: 10, power: 3 } } }]);
    expect(vi.getTimerCount()).toBe(0);
    c.close();
  });

  it('coalesces what follows into one trailing push per interval, newest value winning', () => {
    const c = make();
    const start = Date.now();
    c.add([reading('P1', 'flow', 1, 1)]);
    for (let i = 2; i <= 100; i++) {
      vi.advanceTimersByTime(5);
      c.add([reading('P1', 'flow', i, i)]);
    }
    // 500 ms of readings every 5 ms: the leading push, then one at 250 and one at 500.
    vi.advanceTimersByTime(250);
    expect(flushes.map((f) => f.at - start)).toEqual([0, 250, 500]);
    expect(flushes.at(-1)!.batch).toEqual({ P1: { flow: 100 } });
    // Quiet for a whole interval after its last push: the next reading leaves at once again.
    vi.advanceTimersByTime(300);
    c.add([reading('P1', 'flow', 200, 200)]);
    expect(flushes.at(-1)).toEqual({ at: Date.now(), batch: { P1: { flow: 200 } } });
    c.close();
  });

  it('pushes every reading of a device reporting once a second at once, never on a trailing edge', () => {
    const c = make();
    for (let second = 0; second < 5; second++) {
      const at = Date.now();
      c.add([reading('P1', 'flow', second, second), reading('P1', 'power', second, 2 * second)]);
      expect(flushes.at(-1)).toEqual({ at, batch: { P1: { flow: second, power: 2 * second } } });
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(1000);
    }
    expect(flushes).toHaveLength(5);
    c.close();
  });

  it('does not hold a quiet device behind a busy one', () => {
    const c = make();
    const start = Date.now();
    c.add([reading('BUSY', 'flow', 1, 1)]);
    vi.advanceTimersByTime(10);
    c.add([reading('BUSY', 'flow', 2, 2)]); // waits for BUSY's trailing edge at 250
    vi.advanceTimersByTime(90);
    c.add([reading('QUIET', 'flow', 1, 7)]); // first reading: leaves now, at 100
    expect(flushes.map((f) => [f.at - start, f.batch])).toEqual([
      [0, { BUSY: { flow: 1 } }],
      [100, { QUIET: { flow: 7 } }],
    ]);
    vi.advanceTimersByTime(150);
    expect(flushes.at(-1)).toEqual({ at: start + 250, batch: { BUSY: { flow: 2 } } });
    c.close();
  });

  it('pushes each device at most once per interval under a steady stream of many devices', () => {
    const c = make();
    const pushes = new Map<string, number[]>();
    for (let t = 0; t < 1000; t += 4) {
      c.add(Array.from({ length: 50 }, (_, d) => reading(`D${d}`, 'flow', t + 1, t)));
      vi.advanceTimersByTime(4);
    }
    vi.advanceTimersByTime(250);
    for (const f of flushes)
      for (const d of Object.keys(f.batch)) pushes.set(d, [...(pushes.get(d) ?? []), f.at]);
    expect(pushes.size).toBe(50);
    for (const times of pushes.values()) {
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(250);
      expect(times.length).toBeLessThanOrEqual(5);
    }
    expect(flushes.at(-1)!.batch.D7).toEqual({ flow: 996 });
    c.close();
  });

  it('forgets a deleted device, flushes on demand and stops when closed', () => {
    const c = make();
    c.add([reading('P1', 'flow', 1, 1)]);
    c.add([reading('P1', 'flow', 2, 2), reading('P2', 'flow', 1, 5)]);
    expect(flushes.map((f) => f.batch)).toEqual([{ P1: { flow: 1 } }, { P2: { flow: 5 } }]);
    c.forget('P1');
    vi.advanceTimersByTime(300);
    expect(flushes).toHaveLength(2);
    c.add([reading('P1', 'flow', 3, 3)]); // forgotten: a fresh device, pushed at once
    expect(flushes.at(-1)!.batch).toEqual({ P1: { flow: 3 } });
    c.add([reading('P1', 'flow', 4, 4)]);
    c.flush();
    expect(flushes.at(-1)!.batch).toEqual({ P1: { flow: 4 } });
    c.add([reading('P1', 'flow', 5, 5)]);
    c.close();
    c.add([reading('P9', 'flow', 1, 1)]);
    vi.advanceTimersByTime(1000);
    expect(flushes).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });
});
