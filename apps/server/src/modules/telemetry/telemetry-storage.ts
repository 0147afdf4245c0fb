import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { createRollupBuffer } from './rollup-buffer';
import { readRange, type RangeQuery, type TelemetryRange } from './telemetry-range';
import { tierWidthMs, type ReadTier, type SeriesPoint } from './telemetry-rows';
import type { TelemetryRepository } from './telemetry.repository';

const HOUR = tierWidthMs['1h'];

/** How often rollups held in memory are written, and how many buckets may wait at most. */
const ROLLUP_FLUSH_MS = 5_000;
const ROLLUP_MAX_BUCKETS = 200_000;

export interface TelemetryStorageDeps {
  repository: TelemetryRepository;
  clock: Clock;
  logger: Pick<Logger, 'error' | 'warn'>;
  /**
   * Hold the rollups of recent readings in memory and write them every few seconds instead of in
   * every batch. Only for a database that one process writes (SQLite): the crash repair rebuilds
   * pending minutes from the raw readings, which would double count another live process's
   * increments.
   */
  deferRollups?: boolean;
}

/**
 * The one owner of stored telemetry: batches of readings go to disk through it, with their
 * rollups either in the same transaction or held in memory (see `deferRollups`) together with
 * the lock and the timer that write them, the crash repair of what was held, the retention
 * sweeps, and the reads, which see every acknowledged reading in the rollups once `settle` has
 * run for their series.
 */
export function createTelemetryStorage({
  repository,
  clock,
  logger,
  deferRollups = false,
}: TelemetryStorageDeps) {
  const rollups = createRollupBuffer();
  let rollupTimer: NodeJS.Timeout | undefined;
  // Batches and rollup writes take turns, so increments taken from the buffer and the pending
  // marks in the database always describe the same readings.
  let turn: Promise<unknown> = Promise.resolve();
  let rollupWrites = 0; // queued or running
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = turn.then(fn, fn);
    turn = run.catch(() => {});
    return run;
  }

  /**
   * Stores a batch in one transaction; resolves after the commit with, per point, whether it was
   * new (see the repository's `writeBatch`).
   */
  function writeBatch(points: SeriesPoint[]): Promise<boolean[]> {
    if (!deferRollups) return repository.writeBatch(points);
    return exclusive(async () => {
      // Readings of this hour and the last are buffered; the raw retention (one day at least)
      // keeps them for a crash repair. Older (late) readings get their rollups at once.
      const deferFrom = Math.floor(clock.now() / HOUR) * HOUR - HOUR;
      const stored = await repository.writeBatch(points, deferFrom);
      rollups.add(points.filter((p, i) => stored[i] && p.ts >= deferFrom));
      if (rollups.size >= ROLLUP_MAX_BUCKETS) void writeRollupsLogged();
      else rollupTimer ??= setTimeout(() => void writeRollupsLogged(), ROLLUP_FLUSH_MS).unref();
      return stored;
    });
  }

  /** Writes the held rollups of the given series (of all when absent). */
  function writeRollups(seriesIds?: readonly number[]): Promise<void> {
    rollupWrites += 1;
    return exclusive(async () => {
      if (!seriesIds) {
        clearTimeout(rollupTimer);
        rollupTimer = undefined;
      }
      const taken = rollups.take(seriesIds);
      if (taken['1m'].length === 0) return;
      try {
        await repository.writeRollups(taken, { complete: rollups.size === 0 });
      } catch (err) {
        rollups.restore(taken);
        throw err;
      }
    }).finally(() => {
      rollupWrites -= 1;
    });
  }

  const writeRollupsLogged = () =>
    writeRollups().catch((err: unknown) =>
      logger.error({ err }, 'writing rollups failed; retrying with the next'),
    );

  /**
   * Call before reading the rollups of these series: writes what is held of them, so the rollup
   * tables count every acknowledged reading. Waits only when some of it is held or a rollup write
   * is under way (it may hold their increments).
   */
  async function settle(seriesIds: readonly number[]): Promise<void> {
    if (!deferRollups) return;
    if (rollupWrites > 0 || seriesIds.some((id) => rollups.has(id))) await writeRollups(seriesIds);
  }

  return {
    resolveSeries: repository.resolveSeries,
    findSeriesId: repository.findSeriesId,
    writeBatch,

    /** Writes the rollups held in memory (all of them). */
    writeRollups: () => writeRollups(),

    settle,

    /** After a crash, rebuilds the rollups that were still held in memory; call before storing anything. */
    repairRollups: () => repository.rebuildPendingRollups(),

    rawPoints: repository.rawPoints,
    rollupPoints: repository.rollupPoints,
    countRaw: repository.countRaw,

    /** Pages of a set of devices' points over a time range (see telemetry-range.ts); settles first. */
    readRange: <T extends ReadTier>(query: RangeQuery<T>): Promise<TelemetryRange<T>> =>
      readRange(repository, settle, query),

    deleteOlderThan: repository.deleteOlderThan,
    maintainDayPartitions: repository.maintainDayPartitions,
    compact: repository.compact,
    deleteOrphans: repository.deleteOrphans,
    deleteDeviceData: repository.deleteDeviceData,

    /** After a write failed for want of space, gives back what the database's own log holds. */
    truncateLog: repository.truncateLog,

    /**
     * Writes what is held; call once no batch is coming any more. If that fails (a full disk, a
     * lost database) the rollups are left as after a crash: marked pending, rebuilt at the next
     * start from the raw readings. Shutting down must not fail for it.
     */
    close: () =>
      writeRollups().catch((err: unknown) =>
        logger.warn({ err }, 'rollups not written at shutdown; they are rebuilt at the next start'),
      ),
  };
}

export type TelemetryStorage = ReturnType<typeof createTelemetryStorage>;
