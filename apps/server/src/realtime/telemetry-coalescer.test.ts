import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reading } from '../lib/domain-events';
import { createTelemetryCoalescer, type CoalescedTelemetry } from './telemetry-coalescer';

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

describe('telemetry coalescer', () => {
  let flushes: CoalescedTelemetry[];
  beforeEach(() => {
    vi.useFakeTimers();
    flushes = [];
  });
  afterEach(() => vi.useRealTimers());

  const make = () =>
    createTelemetryCoalescer({ intervalMs: 250, onFlush: (b) => flushes.push(b), now: () => Date.now() });

  it('sends the first readings after a quiet spell at once, then at most one flush per interval', () => {
    const c = make();
    c.add([reading('P1', 'flow', 1, 10)]);
    vi.advanceTimersByTime(0);
    expect(flushes.map(plain)).toEqual([{ P1: { flow: 10 } }]);

    // 1000 readings over one second: four flushes, each with the newest value only.
    for (let i = 0; i < 1000; i++) {
      c.add([reading('P1', 'flow', 2 + i, i), reading('P2', 'temp', 2 + i, -i)]);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(250);
    expect(flushes.length).toBeLessThanOrEqual(6);
    expect(plain(flushes.at(-1)!)).toEqual({ P1: { flow: 999 }, P2: { temp: -999 } });
    c.close();
  });

  it('keeps the newest reading by timestamp, not the last to arrive', () => {
    const c = make();
    c.add([reading('P1', 'flow', 200, 2), reading('P1', 'flow', 100, 1), reading('P1', 'vib', 50, 5)]);
    vi.advanceTimersByTime(0);
    expect(flushes[0]!.get('P1')).toEqual(
      new Map([
        ['flow', { value: 2, ts: 200 }],
        ['vib', { value: 5, ts: 50 }],
      ]),
    );
    c.close();
  });

  it('does not run a timer while idle, forgets deleted devices and stops when closed', () => {
    const c = make();
    expect(vi.getTimerCount()).toBe(0);
    c.add([reading('P1', 'flow', 1, 1), reading('P2', 'flow', 1, 2)]);
    c.forget('P1');
    vi.advanceTimersByTime(0);
    expect(flushes.map(plain)).toEqual([{ P2: { flow: 2 } }]);
    expect(vi.getTimerCount()).toBe(0);
    c.add([reading('P2', 'flow', 2, 3)]);
    c.close();
    c.add([reading('P2', 'flow', 3, 4)]);
    vi.advanceTimersByTime(1000);
    expect(flushes).toHaveLength(1);
  });
});
