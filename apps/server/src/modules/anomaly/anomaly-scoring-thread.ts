import type { Worker } from 'node:worker_threads';
import type { RebaselineContext } from '../../analytics/anomaly/device-detector';
import { startThread } from '../../analytics/analytics-thread';
import type { RunTask } from '../../analytics/compute-tasks';
import type { Connection } from '../../db/database';
import type { Reading } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import { REBASELINE_MS } from './anomaly-context';
import type { AnomalyScore, AnomalyScoring } from './anomaly-scoring';
import type { FromScoringThread, ScoringThreadData, ToScoringThread } from './scoring-thread.messages';

const RESTART_DELAY_MS = 5_000;

/** The thread is closed, stopped or starting again: what was asked of it can be done elsewhere. */
export class ThreadUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThreadUnavailable';
  }
}

interface Waiting {
  resolve(value: never): void;
  reject(err: Error): void;
}

/**
 * Anomaly scoring on a thread of its own (build-scoring-thread.ts), with the same face as the
 * in-process scoring: `score` resolves with the batch's scores when the thread has them. The
 * thread starts with the first batch (a server without reporting devices does not hold its
 * memory; it loads its small compiled entry in well under a second) and again with the next
 * batch if it ever dies. The last re-baselining of each device is
 * mirrored here from the thread's answers, so the device page reads it without a round trip.
 */
export function createAnomalyScoringThread({
  connection,
  logger,
  maxDevices = 100_000,
}: {
  connection: Connection;
  logger: Pick<Logger, 'warn' | 'error'>;
  maxDevices?: number;
}): AnomalyScoring & { compute: RunTask; ready(): Promise<void>; close(): Promise<void> } {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();
  const contexts = new Map<string, RebaselineContext>();
  let busySeconds = 0;
  let closed = false;
  /** After the thread died, batches go unscored until then, so a thread that cannot start is not restarted per batch. */
  let restartAt = 0;
  let markReady = () => {};
  let ready = new Promise<void>((resolve) => (markReady = resolve));

  function remember(deviceId: string, context: RebaselineContext | null) {
    contexts.delete(deviceId);
    if (!context) return;
    if (contexts.size >= maxDevices) contexts.delete(contexts.keys().next().value!);
    contexts.set(deviceId, context);
  }

  function onMessage(message: FromScoringThread) {
    if (message.type === 'ready') {
      markReady();
      return;
    }
    if (message.type === 'warning') {
      logger.warn({ deviceId: message.deviceId }, `anomaly scoring thread: ${message.message}`);
      return;
    }
    const w = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.type === 'failed') {
      w?.reject(new Error(message.message));
      return;
    }
    if (message.type === 'computed') {
      (w?.resolve as ((value: unknown) => void) | undefined)?.(message.result);
      return;
    }
    busySeconds = message.busySeconds;
    for (const [deviceId, context] of message.contexts) remember(deviceId, context);
    (w?.resolve as ((scores: AnomalyScore[]) => void) | undefined)?.(message.scores);
  }

  function thread(): Worker {
    if (worker) return worker;
    const data: ScoringThreadData = { connection, maxDevices };
    const started = startThread(import.meta.url, 'build-scoring-thread', { ...data });
    started.unref();
    started.on('message', onMessage);
    started.on('error', (err) => logger.error({ err }, 'the anomaly scoring thread failed'));
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      if (!closed) {
        restartAt = Date.now() + RESTART_DELAY_MS;
        logger.error({ code }, 'the anomaly scoring thread stopped; it starts again with a batch after 5 s');
      }
      markReady(); // nobody waits for a thread that is gone; the next one is awaited afresh
      ready = new Promise<void>((resolve) => (markReady = resolve));
      // Its detectors are gone: they start again from the stored baselines.
      const lost = new ThreadUnavailable(`the anomaly scoring thread exited (${code})`);
      for (const w of waiting.values()) w.reject(lost);
      waiting.clear();
    });
    worker = started;
    // Re-baselinings asked before it started (or known to a thread that died) apply to it too.
    for (const [deviceId, c] of contexts)
      started.postMessage({
        type: 'rebaseline',
        deviceId,
        reason: c.reason,
        atMs: c.atMs,
      } satisfies ToScoringThread);
    return started;
  }

  const post = (message: ToScoringThread) => thread().postMessage(message);

  return {
    score(readings: Reading[]): Promise<AnomalyScore[]> {
      if (closed || (!worker && Date.now() < restartAt)) return Promise.resolve([]);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        post({ type: 'score', id, readings });
      });
    },

    /** Runs a computation (compute-tasks.ts) on the thread; rejects when the thread is down or exits. */
    compute(task, input) {
      if (closed) return Promise.reject(new ThreadUnavailable('the analytics thread is closed'));
      if (!worker && Date.now() < restartAt)
        return Promise.reject(new ThreadUnavailable('the analytics thread is starting again'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        post({ type: 'compute', id, task, input });
      });
    },

    rebaseline(deviceId: string, reason: string, atMs: number): void {
      // As the thread's detector records it (anomaly-scoring.ts), shown at once.
      remember(deviceId, { reason, atMs, untilMs: atMs + REBASELINE_MS });
      if (worker && !closed) post({ type: 'rebaseline', deviceId, reason, atMs });
    },

    contextOf: (deviceId: string) => contexts.get(deviceId),

    busySeconds: () => busySeconds,

    /** Starts the thread if needed; resolves once it has loaded and opened its connection (tests wait for it). */
    ready: () => {
      if (!closed) thread();
      return ready;
    },

    forget(deviceId: string): void {
      contexts.delete(deviceId);
      if (worker && !closed) post({ type: 'forget', deviceId });
    },

    async close(): Promise<void> {
      closed = true;
      const w = worker;
      if (!w) return;
      const exited = new Promise((resolve) => w.once('exit', resolve));
      w.ref(); // keeps the process up until the thread has closed its connection
      w.postMessage({ type: 'close' } satisfies ToScoringThread);
      await exited;
    },
  };
}
