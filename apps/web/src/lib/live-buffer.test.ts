import { describe, expect, it, vi } from 'vitest';
import { createBoundedSeries, createFrameSignal } from './live-buffer';

describe('bounded series', () => {
  it('never holds more points than its cap', () => {
    const series = createBoundedSeries({ maxPoints: 100, windowMs: Infinity });
    for (let i = 0; i < 10_000; i += 1) series.push(i * 1000, i);
    expect(series.size).toBe(100);
    const { ts, value } = series.columns();
    expect(ts[0]).toBe(9900 * 1000);
    expect(value[99]).toBe(9999);
  });

  it('drops points older than its window before the newest one', () => {
    const series = createBoundedSeries({ maxPoints: 10_000, windowMs: 60_000 });
    for (let s = 0; s <= 300; s += 1) series.push(s * 1000, s);
    expect(series.size).toBe(61);
    expect(series.columns().ts[0]).toBe(240_000);
    // A reading far older than the window is not taken in at all.
    series.push(1000, -1);
    expect(series.size).toBe(61);
  });

  it('puts late readings in order and replaces a reading at the same time', () => {
    const series = createBoundedSeries({ maxPoints: 10, windowMs: Infinity });
    series.push(3000, 3);
    series.push(1000, 1);
    series.push(2000, 2);
    series.push(2000, 20);
    expect(series.columns()).toMatchObject({ ts: [1000, 2000, 3000], value: [1, 20, 3] });
  });

  it('folds readings into rollup buckets with min and max', () => {
    const series = createBoundedSeries({ maxPoints: 10, windowMs: Infinity, bucketMs: 60_000 });
    series.reset([{ ts: 0, value: 10, min: 8, max: 12, count: 2 }]);
    series.push(30_000, 16);
    series.push(61_000, 5);
    expect(series.columns()).toEqual({ ts: [0, 60_000], value: [12, 5], min: [8, 5], max: [16, 5] });
  });

  it('keeps live points newer than a history answer that arrives later', () => {
    const series = createBoundedSeries({ maxPoints: 10, windowMs: Infinity });
    series.push(5000, 5);
    series.reset([
      { ts: 3000, value: 3 },
      { ts: 1000, value: 1 },
    ]);
    expect(series.columns().ts).toEqual([1000, 3000, 5000]);
  });

  it('ignores values that are not finite', () => {
    const series = createBoundedSeries({ maxPoints: 10, windowMs: Infinity });
    series.push(1000, Number.NaN);
    series.push(Number.POSITIVE_INFINITY, 1);
    expect(series.size).toBe(0);
  });
});

describe('frame signal', () => {
  it('tells its listeners once per frame however many changes happen in it', () => {
    const frames: Array<() => void> = [];
    const signal = createFrameSignal((callback) => frames.push(callback));
    const listener = vi.fn();
    signal.subscribe(listener);

    for (let i = 0; i < 500; i += 1) signal.notify();
    expect(listener).not.toHaveBeenCalled();
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(signal.version()).toBe(1);

    signal.notify();
    frames.shift()?.();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
