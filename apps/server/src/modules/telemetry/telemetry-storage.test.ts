import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../../lib/clock';
import { createLogger } from '../../lib/logger';
import type { RollupIncrements } from './rollup-buffer';
import type { SeriesPoint } from './telemetry-rows';
import { createTelemetryStorage, type TelemetryStorage } from './telemetry-storage';
import type { TelemetryRepository } from './telemetry.repository';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = Date.UTC(2026, 2, 10, 12, 30);

/** A repository whose batch commits the test completes by hand, recording what it is asked. */
function fakeRepository() {
  const batches: Array<{ points: SeriesPoint[]; deferFrom: number | undefined; commit(): void }> = [];
  const rollupWrites: Array<{ increments: RollupIncrements; complete: boolean }> = [];
  const repository = {
    writeBatch: (points: SeriesPoint[], deferFrom?: number) =>
      new Promise<boolean[]>((resolve) => {
        batches.push({ points, deferFrom, commit: () => resolve(points.map(() => true)) });
      }),
    writeRollups: async (increments: RollupIncrements, { complete }: { complete: boolean }) => {
      rollupWrites.push({ increments, complete });
    },
  } as unknown as TelemetryRepository;
  return { repository, batches, rollupWrites };
}

/** Resolves on the next turn of the event loop, after every pending promise callback. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Whether `promise` has settled by the next turn of the event loop. */
async function isDone(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await settled();
  return done;
}

describe('telemetry storage', () => {
  let storage: TelemetryStorage;
  let fake: ReturnType<typeof fakeRepository>;
  afterEach(async () => {
    for (const batch of fake.batches) batch.commit(); // a failed test may have left one open
    await storage.close();
  });

  function open(deferRollups: boolean) {
    fake = fakeRepository();
    storage = createTelemetryStorage({
      repository: fake.repository,
      clock: fakeClock(now),
      logger: createLogger({ level: 'silent' }),
      deferRollups,
    });
    return fake;
  }

  /** Writes a batch and commits it. */
  async function store(points: SeriesPoint[]) {
    const writing = storage.writeBatch(points);
    await settled();
    fake.batches.at(-1)!.commit();
    return writing;
  }

  it('holds the rollups of this hour and the last, and writes a series’ rollups before it is read', async () => {
    open(true);
    await store([
      { seriesId: 1, ts: now, value: 2 },
      { seriesId: 1, ts: now + 1000, value: 4 },
      { seriesId: 2, ts: now, value: 7 },
      { seriesId: 3, ts: now - 3 * HOUR, value: 1 }, // late: the repository rolls it up at once
    ]);
    expect(fake.batches[0]!.deferFrom).toBe(now - 30 * MINUTE - HOUR);
    expect(fake.rollupWrites).toEqual([]);

    await storage.settle([1, 3]);
    expect(fake.rollupWrites).toHaveLength(1);
    const [{ increments, complete }] = fake.rollupWrites as [(typeof fake.rollupWrites)[0]];
    expect(increments['1m']).toEqual([
      { series_id: 1, bucket: now, min: 2, max: 4, sum: 6, count: 2, last: 4, last_ts: now + 1000 },
    ]);
    expect(increments['1h'].map((r) => [r.series_id, r.bucket, r.count])).toEqual([
      [1, now - 30 * MINUTE, 2],
    ]);
    expect(complete).toBe(false); // series 2 is still held

    await storage.settle([1, 3]); // nothing held for them any more
    expect(fake.rollupWrites).toHaveLength(1);
    await storage.writeRollups();
    expect(fake.rollupWrites.map((w) => [w.increments['1m'].map((r) => r.series_id), w.complete])).toEqual([
      [[1], false],
      [[2], true],
    ]);
  });

  it('lets a read of a series with nothing held pass a batch being written, but not a rollup write', async () => {
    open(true);
    await store([{ seriesId: 1, ts: now, value: 1 }]);

    const batch = storage.writeBatch([{ seriesId: 1, ts: now + 1000, value: 2 }]);
    await settled();
    expect(await isDone(storage.settle([2]))).toBe(true);

    // A rollup write queued behind the batch may hold series 2's increments: a read waits for it.
    const writing = storage.writeRollups();
    const read = storage.settle([2]);
    expect(await isDone(read)).toBe(false);
    fake.batches.at(-1)!.commit();
    await Promise.all([batch, writing, read]);
    expect(fake.rollupWrites.map((w) => w.increments['1m'].map((r) => r.count))).toEqual([[2]]);
  });

  it('without deferRollups leaves every rollup to the batch and never waits before a read', async () => {
    open(false);
    const batch = storage.writeBatch([{ seriesId: 1, ts: now, value: 1 }]);
    await settled();
    expect(fake.batches[0]!.deferFrom).toBeUndefined();
    expect(await isDone(storage.settle([1]))).toBe(true);
    fake.batches[0]!.commit();
    await batch;
    await storage.writeRollups();
    expect(fake.rollupWrites).toEqual([]);
  });
});
