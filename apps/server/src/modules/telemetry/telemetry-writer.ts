import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

/** Runs `fn` after `ms`; returns a cancel function. Injected so tests move time by hand. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export const realSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

export interface TelemetryWriterOptions {
  /**
   * 0 (the default): a batch is written as soon as the writer is free — a lone reading on an
   * idle server is committed in the turn of the event loop it arrived in, what arrives in the
   * same turn shares its commit, and what arrives during a commit gathers for the next.
   * Above 0, rows are held until this many milliseconds passed for the oldest…
   */
  maxDelayMs: number;
  /** …or this many rows wait (only with a delay). */
  maxBatchRows: number;
  /**
   * What one transaction takes at most of what waits (whole `add` calls are never split). Rows
   * that pile up while a batch is written go together into the next one: a commit costs about
   * one page write per series touched whatever the row count, so under load bigger batches
   * are what keeps throughput up.
   */
  maxTransactionRows: number;
  /** Rows allowed to wait (besides the batch being written); beyond it `add` fails fast with 'unavailable'. */
  maxQueuedRows: number;
  /** After a failed commit the next waits this long, doubling up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

export const defaultWriterOptions: TelemetryWriterOptions = {
  maxDelayMs: 0,
  maxBatchRows: 5_000,
  maxTransactionRows: 50_000,
  maxQueuedRows: 100_000,
  retryDelayMs: 250,
  maxRetryDelayMs: 5_000,
};

/** Why commits are failing: a kind from `classify` (disk full, database unreachable…) or `error`. */
export interface WriterFault {
  kind: string;
  since: number;
  failedBatches: number;
  failedRows: number;
}

const FAULT_LOG_INTERVAL_MS = 60_000;

export interface WriteOutcome {
  stored: number;
  duplicates: number;
}

export interface TelemetryWriterDeps<Row> {
  /** Writes rows in one transaction; resolves after commit with, per row, whether it was newly stored. */
  write(rows: Row[]): Promise<boolean[]>;
  /** Runs after a commit, before the next batch starts: the place for after-commit events. */
  onCommitted?(rows: Row[], stored: boolean[]): void | Promise<void>;
  logger: Pick<Logger, 'error' | 'info'>;
  schedule?: Schedule;
  now?: () => number;
  /** Names the kind of a failed commit (see db/storage-faults.ts); null for anything else. */
  classify?: (err: unknown) => string | null;
  /** Called after a failed commit, before the next is tried (e.g. to give disk space back). */
  onFault?: (kind: string) => void | Promise<void>;
  options?: Partial<TelemetryWriterOptions>;
}

interface Waiter<Row> {
  rows: Row[];
  resolve(outcome: WriteOutcome): void;
  reject(err: unknown): void;
}

/**
 * Group commit: concurrent `add` calls share one transaction, and each resolves only once the
 * transaction holding its rows has committed, so a PUBACK or an HTTP 2xx sent afterwards
 * promises durability. One batch is written at a time while the next one accumulates; by
 * default a batch starts as soon as the writer is free (no waiting for more), so latency is one
 * commit when idle and batches grow by themselves under load.
 */
export function createTelemetryWriter<Row>({
  write,
  onCommitted,
  logger,
  schedule = realSchedule,
  now = Date.now,
  classify = () => null,
  onFault,
  options = {},
}: TelemetryWriterDeps<Row>) {
  const { maxBatchRows, maxDelayMs, maxQueuedRows, maxTransactionRows, retryDelayMs, maxRetryDelayMs } = {
    ...defaultWriterOptions,
    ...options,
  };
  let fault: WriterFault | null = null;
  let retryDelay = retryDelayMs;
  let lastFaultLog = Number.NEGATIVE_INFINITY;
  let unloggedBatches = 0;
  let unloggedRows = 0;
  let pending: Waiter<Row>[] = [];
  let pendingRows = 0;
  let inFlight: Promise<void> | null = null;
  let cancelTimer: (() => void) | null = null;
  let due = false; // the oldest pending rows have waited maxDelayMs
  let kicked = false; // a start is queued for the end of the current turn
  let draining = 0; // flush()/close() calls waiting: write everything without delay
  let closed = false;
  let added = 0; // calls accepted so far, and calls whose batch has finished (either way)
  let finished = 0;

  /**
   * Without a delay: start once the current turn of the event loop ends, so the messages of every
   * connection read in this turn share a batch. Not at the end of the current callback (a
   * microtask): each connection's data arrives in a callback of its own, so that would commit
   * once per message however many arrived together, and a busy server would fall further behind
   * the more messages it read at once. No timer: an idle server commits a lone reading in the
   * turn it arrived.
   */
  function kick() {
    if (kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      maybeStart();
    });
  }

  function armTimer() {
    if (maxDelayMs <= 0) return kick();
    if (cancelTimer) return;
    cancelTimer = schedule(() => {
      cancelTimer = null;
      due = true;
      maybeStart();
    }, maxDelayMs);
  }

  function disarmTimer() {
    cancelTimer?.();
    cancelTimer = null;
  }

  function maybeStart() {
    if (inFlight || pending.length === 0) return;
    if (maxDelayMs > 0 && !due && draining === 0 && pendingRows < maxBatchRows) return;
    let taken = 0;
    let rowCount = 0;
    while (
      taken < pending.length &&
      (taken === 0 || rowCount + pending[taken]!.rows.length <= maxTransactionRows)
    ) {
      rowCount += pending[taken]!.rows.length;
      taken += 1;
    }
    const batch = pending.slice(0, taken);
    pending = pending.slice(taken);
    pendingRows -= rowCount;
    // Leftover rows keep the running timer: it was armed for older rows, so it fires early, never late.
    if (pending.length === 0) {
      disarmTimer();
      due = false;
    }
    inFlight = run(batch).finally(() => {
      inFlight = null;
      finished += batch.length;
      if (pending.length === 0) return;
      if (maxDelayMs <= 0 || due || draining > 0 || pendingRows >= maxBatchRows) maybeStart();
      else armTimer();
    });
  }

  async function run(batch: Waiter<Row>[]): Promise<void> {
    const rows = batch.length === 1 ? batch[0]!.rows : batch.flatMap((w) => w.rows);
    let stored: boolean[];
    try {
      stored = await write(rows);
    } catch (err) {
      // Nothing in this batch is acknowledged; callers retry, and duplicates are harmless.
      const failure = new AppError('unavailable', 'the readings could not be stored; retry later', {
        retryAfterS: Math.ceil(retryDelay / 1000),
      });
      for (const w of batch) w.reject(failure);
      await failed(err, rows.length);
      return;
    }
    if (fault) recovered();
    let offset = 0;
    for (const w of batch) {
      let count = 0;
      for (let i = 0; i < w.rows.length; i += 1) if (stored[offset + i]) count += 1;
      offset += w.rows.length;
      w.resolve({ stored: count, duplicates: w.rows.length - count });
    }
    try {
      await onCommitted?.(rows, stored);
    } catch (err) {
      logger.error({ err }, 'after-commit handler failed');
    }
  }

  /**
   * Notes a failed commit, logs it at most once a minute with the counts since the last line (a
   * full disk or a stopped database fails every batch), and waits before the next commit.
   */
  async function failed(err: unknown, rows: number): Promise<void> {
    const kind = classify(err) ?? 'error';
    const t = now();
    if (fault?.kind !== kind) fault = { kind, since: t, failedBatches: 0, failedRows: 0 };
    fault.failedBatches += 1;
    fault.failedRows += rows;
    unloggedBatches += 1;
    unloggedRows += rows;
    if (t - lastFaultLog >= FAULT_LOG_INTERVAL_MS) {
      lastFaultLog = t;
      const what =
        kind === 'disk_full'
          ? 'disk full'
          : kind === 'database_unavailable'
            ? 'database unavailable'
            : 'write failed';
      logger.error(
        {
          err,
          kind,
          batches: unloggedBatches,
          rows: unloggedRows,
          since: new Date(fault.since).toISOString(),
        },
        `${what}: readings are refused (not acknowledged) and retried; ${unloggedBatches} batches (${unloggedRows} readings) refused since the last report`,
      );
      unloggedBatches = 0;
      unloggedRows = 0;
    }
    try {
      await onFault?.(kind);
    } catch (hookErr) {
      logger.error({ err: hookErr, kind }, 'could not recover from a failed write');
    }
    if (!closed) await new Promise<void>((resolve) => schedule(resolve, retryDelay));
    retryDelay = Math.min(retryDelay * 2, maxRetryDelayMs);
  }

  function recovered(): void {
    const f = fault!;
    logger.info(
      { kind: f.kind, batches: f.failedBatches, rows: f.failedRows, down_ms: now() - f.since },
      `readings are stored again after ${Math.round((now() - f.since) / 1000)} s (${f.kind}); ${f.failedBatches} batches (${f.failedRows} readings) were refused meanwhile`,
    );
    fault = null;
    retryDelay = retryDelayMs;
    lastFaultLog = Number.NEGATIVE_INFINITY;
    unloggedBatches = 0;
    unloggedRows = 0;
  }

  /**
   * Writes what is queued now without waiting for the delay and resolves once it is committed
   * (or failed); rows added meanwhile do not keep it waiting under a steady stream.
   */
  async function flush(): Promise<void> {
    const target = added;
    draining += 1;
    try {
      while (finished < target) {
        maybeStart();
        await inFlight;
      }
    } finally {
      draining -= 1;
    }
  }

  return {
    /** Resolves after the rows are committed; rejects with 'unavailable' when the queue is full or the commit failed. */
    add(rows: Row[]): Promise<WriteOutcome> {
      if (rows.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
      if (closed) return Promise.reject(new AppError('unavailable', 'the telemetry writer is closed'));
      // An oversized call is still accepted into an empty queue, or it could never be stored.
      if (pendingRows > 0 && pendingRows + rows.length > maxQueuedRows) {
        return Promise.reject(
          new AppError('unavailable', 'too many readings are waiting to be stored; retry later', {
            retryAfterS: 1,
          }),
        );
      }
      return new Promise<WriteOutcome>((resolve, reject) => {
        pending.push({ rows, resolve, reject });
        added += 1;
        pendingRows += rows.length;
        if (maxDelayMs > 0 && pendingRows >= maxBatchRows) maybeStart();
        else armTimer();
      });
    },

    flush,

    /** Refuses new rows, then drains. */
    async close(): Promise<void> {
      closed = true;
      await flush();
      disarmTimer();
    },

    /** Why the last commit failed, until one succeeds again. */
    get fault(): WriterFault | null {
      return fault && { ...fault };
    },

    /** Rows waiting for a batch (not counting the one being written). */
    get queuedRows() {
      return pendingRows;
    },
  };
}

export type TelemetryWriter<Row> = ReturnType<typeof createTelemetryWriter<Row>>;
