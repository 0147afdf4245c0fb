import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { createTelemetryWriter, type Schedule, type TelemetryWriterOptions } from './telemetry-writer';

/** Timers that fire only when the test says so. */
function manualTimers() {
  let timers: Array<{ fn: () => void; cancelled: boolean }> = [];
  const schedule: Schedule = (fn) => {
    const timer = { fn, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  return {
    schedule,
    fire() {
      const due = timers.filter((t) => !t.cancelled);
      timers = [];
      due.forEach((t) => t.fn());
    },
    get armed() {
      return timers.filter((t) => !t.cancelled).length;
    },
  };
}

/** A store whose commits the test completes or fails by hand. */
function manualStore() {
  const commits: Array<{ rows: string[]; commit(stored?: boolean[]): void; fail(err: Error): void }> = [];
  const write = (rows: string[]) =>
    new Promise<boolean[]>((resolve, reject) => {
      commits.push({ rows, commit: (stored) => resolve(stored ?? rows.map(() => true)), fail: reject });
    });
  return { commits, write };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const silent = { error: () => {}, info: () => {} };

function setup(options: Partial<TelemetryWriterOptions> = {}) {
  const timers = manualTimers();
  const store = manualStore();
  const committed: Array<{ rows: string[]; stored: boolean[] }> = [];
  const writer = createTelemetryWriter<string>({
    write: store.write,
    onCommitted: (rows, stored) => {
      committed.push({ rows, stored });
    },
    logger: silent,
    schedule: timers.schedule,
    options: { maxBatchRows: 100, maxDelayMs: 20, maxQueuedRows: 1000, ...options },
  });
  return { timers, store, committed, writer };
}

/** Tracks a promise so a test can tell "still waiting" from "settled". */
function track<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

describe('telemetry writer (group commit)', () => {
  it('shares one transaction between callers and answers each only after it commits', async () => {
    const { timers, store, committed, writer } = setup();
    const a = track(writer.add(['a1', 'a2']));
    const b = track(writer.add(['b1']));
    await settle();
    expect(store.commits).toHaveLength(0); // waiting for more, up to the delay

    timers.fire();
    expect(store.commits).toHaveLength(1);
    expect(store.commits[0]!.rows).toEqual(['a1', 'a2', 'b1']);
    await settle();
    expect(a.done || b.done).toBe(false); // written but not committed: nothing acknowledged yet
    expect(committed).toHaveLength(0);

    store.commits[0]!.commit([true, false, true]); // a2 was already stored
    await settle();
    expect(a.value).toEqual({ stored: 1, duplicates: 1 });
    expect(b.value).toEqual({ stored: 1, duplicates: 0 });
    expect(committed).toEqual([{ rows: ['a1', 'a2', 'b1'], stored: [true, false, true] }]);
  });

  it('writes as soon as a batch is full, and one batch at a time while the next accumulates', async () => {
    const { store, writer } = setup({ maxBatchRows: 3 });
    const first = track(writer.add(['1', '2', '3']));
    expect(store.commits).toHaveLength(1); // no delay when the batch is full

    const second = track(writer.add(['4', '5']));
    const third = track(writer.add(['6']));
    await settle();
    expect(store.commits).toHaveLength(1); // the previous one is still being written

    store.commits[0]!.commit();
    await settle();
    expect(first.value).toEqual({ stored: 3, duplicates: 0 });
    expect(store.commits).toHaveLength(2);
    expect(store.commits[1]!.rows).toEqual(['4', '5', '6']);
    expect(second.done || third.done).toBe(false);
    store.commits[1]!.commit();
    await settle();
    expect(second.value).toEqual({ stored: 2, duplicates: 0 });
    expect(third.value).toEqual({ stored: 1, duplicates: 0 });
  });

  it('lets rows that piled up during a write go into one bigger transaction, never splitting a call', async () => {
    const { store, writer } = setup({ maxBatchRows: 2, maxTransactionRows: 5 });
    void writer.add(['1', '2']);
    for (const rows of [['3', '4'], ['5', '6'], ['7'], ['8', '9']]) void writer.add(rows);
    store.commits[0]!.commit();
    await settle();
    expect(store.commits[1]!.rows).toEqual(['3', '4', '5', '6', '7']);
    store.commits[1]!.commit();
    await settle();
    expect(store.commits[2]!.rows).toEqual(['8', '9']);
  });

  it('rejects every caller of a failed commit and keeps working for the next batch', async () => {
    const { timers, store, committed, writer } = setup();
    const a = writer.add(['a']);
    const b = writer.add(['b']);
    timers.fire();
    const c = track(writer.add(['c'])); // arrives during the doomed write: belongs to the next batch
    store.commits[0]!.fail(new Error('disk I/O error'));

    for (const failed of [a, b]) {
      await expect(failed).rejects.toMatchObject({ code: 'unavailable' });
      await expect(failed).rejects.not.toThrow(/disk/); // nothing internal reaches the caller
    }
    expect(committed).toHaveLength(0); // no event for rows that were not stored
    expect(c.done).toBe(false);

    timers.fire(); // the pause after a failure, and c's batch delay
    await settle();
    expect(store.commits[1]!.rows).toEqual(['c']);
    store.commits[1]!.commit();
    await settle();
    expect(c.value).toEqual({ stored: 1, duplicates: 0 });
  });

  it('waits longer after each failed commit, says why it fails until one succeeds, and logs once a minute', async () => {
    const timers = manualTimers();
    const store = manualStore();
    const logged: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
    let clock = 0;
    let faults = 0;
    const writer = createTelemetryWriter<string>({
      write: store.write,
      logger: {
        error: (fields: object, message: string) =>
          logged.push({ level: 'error', fields: fields as never, message }),
        info: (fields: object, message: string) =>
          logged.push({ level: 'info', fields: fields as never, message }),
      } as never,
      schedule: (fn, ms) => {
        delays.push(ms);
        return timers.schedule(fn, ms);
      },
      now: () => clock,
      classify: (err) => ((err as { code?: string }).code === 'SQLITE_FULL' ? 'disk_full' : null),
      onFault: () => void (faults += 1),
      options: { maxBatchRows: 1, retryDelayMs: 100, maxRetryDelayMs: 300 },
    });
    const delays: number[] = [];
    const full = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

    for (let i = 0; i < 4; i += 1) {
      const attempt = writer.add([`r${i}`]);
      await settle();
      store.commits[i]!.fail(full());
      await expect(attempt).rejects.toMatchObject({ code: 'unavailable' });
      await settle();
      expect(writer.fault).toMatchObject({ kind: 'disk_full', failedBatches: i + 1, since: 0 });
      clock += 20_000;
      timers.fire();
      await settle();
    }
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(faults).toBe(4);
    // Four failures over 80 s: the first one logged at once, the next a minute later with the counts.
    const errors = logged.filter((l) => l.level === 'error');
    expect(errors.map((l) => l.fields.batches)).toEqual([1, 3]);
    expect(errors[0]!.message).toMatch(/^disk full/);

    const ok = writer.add(['again']);
    await settle();
    store.commits[4]!.commit();
    await expect(ok).resolves.toEqual({ stored: 1, duplicates: 0 });
    expect(writer.fault).toBeNull();
    expect(logged.at(-1)).toMatchObject({ level: 'info', fields: { kind: 'disk_full', batches: 4 } });
  });

  it('refuses with unavailable instead of queueing without bound', async () => {
    const { store, writer } = setup({ maxBatchRows: 4, maxQueuedRows: 5 });
    void writer.add(['1', '2', '3', '4']); // being written: not counted as queued
    const queued = writer.add(['5', '6', '7']);
    expect(writer.queuedRows).toBe(3);
    const refused = writer.add(['8', '9', '10']);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: 'unavailable' });
    expect(writer.queuedRows).toBe(3); // the refused rows were not kept

    store.commits[0]!.commit();
    await settle();
    const retried = writer.add(['8', '9']); // fits now: 3 + 2 rows
    expect(store.commits[1]!.rows).toEqual(['5', '6', '7', '8', '9']);
    store.commits[1]!.commit();
    await expect(queued).resolves.toEqual({ stored: 3, duplicates: 0 });
    await expect(retried).resolves.toEqual({ stored: 2, duplicates: 0 });
  });

  it('accepts a call bigger than the queue bound into an empty queue, or it could never be stored', async () => {
    const { store, writer } = setup({ maxBatchRows: 2, maxQueuedRows: 3 });
    const big = writer.add(['1', '2', '3', '4', '5']);
    expect(store.commits[0]!.rows).toHaveLength(5);
    store.commits[0]!.commit();
    await expect(big).resolves.toEqual({ stored: 5, duplicates: 0 });
  });

  it('flush waits for what was queued when it was called, not for a steady stream after it', async () => {
    const { store, writer } = setup();
    void writer.add(['a']);
    const flushed = track(writer.flush());
    void writer.add(['b']); // arrives while 'a' is being written
    store.commits[0]!.commit();
    await settle();
    expect(flushed.done).toBe(true);
    expect(store.commits[1]!.rows).toEqual(['b']);
  });

  it('flush writes what waits without the delay; close drains, then refuses', async () => {
    const { timers, store, writer } = setup();
    const a = track(writer.add(['a']));
    const flushed = track(writer.flush());
    expect(store.commits).toHaveLength(1);
    expect(flushed.done).toBe(false);
    store.commits[0]!.commit();
    await settle();
    expect(a.done && flushed.done).toBe(true);

    const b = track(writer.add(['b']));
    const closed = track(writer.close());
    await settle();
    store.commits[1]!.commit();
    await settle();
    expect(b.value).toEqual({ stored: 1, duplicates: 0 });
    expect(closed.done).toBe(true);
    expect(timers.armed).toBe(0);
    await expect(writer.add(['late'])).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('telemetry writer without a delay (the default: commit as soon as the writer is free)', () => {
  it('commits a lone reading at once, without waiting for a timer', async () => {
    const { timers, store, writer } = setup({ maxDelayMs: 0 });
    const lone = track(writer.add(['r1']));
    await settle(); // the end of the current turn of the event loop, not a timer
    expect(timers.armed).toBe(0);
    expect(store.commits.map((c) => c.rows)).toEqual([['r1']]);
    expect(lone.done).toBe(false); // acknowledged only after the commit
    store.commits[0]!.commit();
    await settle();
    expect(lone.value).toEqual({ stored: 1, duplicates: 0 });
  });

  it('commits the messages of one turn of the event loop together, even from separate callbacks', async () => {
    const { timers, store, writer } = setup({ maxDelayMs: 0 });
    // Each connection's data is handled in a callback of its own, its promises run in between.
    const first = track(writer.add(['a']));
    await Promise.resolve();
    await Promise.resolve();
    const second = track(writer.add(['b', 'c']));
    expect(store.commits).toHaveLength(0);
    await settle();
    expect(timers.armed).toBe(0);
    expect(store.commits.map((c) => c.rows)).toEqual([['a', 'b', 'c']]);
    store.commits[0]!.commit();
    await settle();
    expect([first.value, second.value]).toEqual([
      { stored: 1, duplicates: 0 },
      { stored: 2, duplicates: 0 },
    ]);
  });

  it('gathers what arrives during a commit into the next one, started right after it', async () => {
    const { timers, store, writer } = setup({ maxDelayMs: 0, maxTransactionRows: 4 });
    const first = track(writer.add(['a']));
    await settle();
    const during = [['b'], ['c', 'd'], ['e'], ['f']].map((rows) => track(writer.add(rows)));
    await settle();
    expect(store.commits).toHaveLength(1); // one commit at a time

    store.commits[0]!.commit();
    await settle();
    expect(first.done).toBe(true);
    expect(timers.armed).toBe(0);
    // The next batch starts at once, bounded by maxTransactionRows, calls never split.
    expect(store.commits.map((c) => c.rows)).toEqual([['a'], ['b', 'c', 'd', 'e']]);
    expect(during.some((d) => d.done)).toBe(false);

    store.commits[1]!.commit();
    await settle();
    expect(during.slice(0, 3).map((d) => d.value)).toEqual([
      { stored: 1, duplicates: 0 },
      { stored: 2, duplicates: 0 },
      { stored: 1, duplicates: 0 },
    ]);
    expect(during[3]!.done).toBe(false);
    expect(store.commits[2]!.rows).toEqual(['f']);
    store.commits[2]!.commit();
    await settle();
    expect(during[3]!.value).toEqual({ stored: 1, duplicates: 0 });
  });

  it('keeps the pause after a failed commit before the next batch', async () => {
    const { timers, store, writer } = setup({ maxDelayMs: 0 });
    const doomed = writer.add(['a']);
    await settle();
    const next = track(writer.add(['b']));
    store.commits[0]!.fail(new Error('disk I/O error'));
    await expect(doomed).rejects.toMatchObject({ code: 'unavailable' });
    await settle();
    expect(store.commits).toHaveLength(1); // backing off
    expect(timers.armed).toBe(1);
    timers.fire();
    await settle();
    expect(store.commits[1]!.rows).toEqual(['b']);
    store.commits[1]!.commit();
    await settle();
    expect(next.value).toEqual({ stored: 1, duplicates: 0 });
  });
});
