import { describe, expect, it } from 'vitest';
import { createAnalyticsQueue } from './analytics-queue';

/** A piece of work that finishes when the test says so. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('analytics queue', () => {
  it('starts work at once, handles results in submission order, and skips what does not fit', async () => {
    const errors: unknown[] = [];
    const queue = createAnalyticsQueue<string>({ maxQueued: 10, onError: (e) => errors.push(e) });
    const handled: string[] = [];
    const a = deferred<string>();
    const b = deferred<string>();
    let started = 0;
    const work = (d: { promise: Promise<string> }) => () => {
      started += 1;
      return d.promise;
    };

    expect(queue.submit(6, work(a), (r) => void handled.push(r))).toBe(true);
    expect(queue.submit(4, work(b), (r) => void handled.push(r))).toBe(true);
    expect(started).toBe(2);
    expect(queue.queued()).toBe(10);
    // Full: this batch is skipped whole, its work never started.
    expect(queue.submit(1, work(deferred<string>()), (r) => void handled.push(r))).toBe(false);
    expect(started).toBe(2);
    expect(queue.skipped()).toBe(1);

    b.resolve('b'); // the later batch finishes first, and still waits for the earlier one
    await new Promise((r) => setTimeout(r, 0));
    expect(handled).toEqual([]);
    a.resolve('a');
    await queue.idle();
    expect(handled).toEqual(['a', 'b']);
    expect(queue.queued()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('reports a failed batch and goes on with the next', async () => {
    const errors: unknown[] = [];
    const queue = createAnalyticsQueue<number>({ maxQueued: 5, onError: (e) => errors.push(e) });
    const handled: number[] = [];
    queue.submit(
      1,
      () => Promise.reject(new Error('scoring failed')),
      () => {},
    );
    queue.submit(
      1,
      () => Promise.resolve(2),
      (n) => void handled.push(n),
    );
    queue.submit(
      1,
      () => Promise.resolve(3),
      () => {
        throw new Error('handler failed');
      },
    );
    await queue.idle();
    expect(handled).toEqual([2]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['scoring failed', 'handler failed']);
    expect(queue.queued()).toBe(0);
    expect(queue.skipped()).toBe(0);
  });

  it('does not leave a failure unhandled while an earlier batch is still being handled', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const errors: unknown[] = [];
      const queue = createAnalyticsQueue<number>({ maxQueued: 5, onError: (e) => errors.push(e) });
      const slow = deferred<number>();
      queue.submit(
        1,
        () => slow.promise,
        () => {},
      );
      queue.submit(
        1,
        () => Promise.reject(new Error('thread exited')),
        () => {},
      );
      await new Promise((r) => setTimeout(r, 20));
      slow.resolve(1);
      await queue.idle();
      expect(unhandled).toEqual([]);
      expect(errors.map((e) => (e as Error).message)).toEqual(['thread exited']);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
