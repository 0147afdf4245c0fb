import crypto from 'node:crypto';
import os from 'node:os';
import { errorCodes } from '@dtwin/contracts/errors';
import type { JobType } from '@dtwin/contracts/jobs';
import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { JobRepository, JobRow } from './job.repository';
import {
  backoffDelay,
  isJobType,
  parsePayload,
  retryPolicyOf,
  type JobHandler,
  type JobHandlers,
  type JobSpecs,
} from './job-types';

export type JobOutcome = 'succeeded' | 'retried' | 'failed';

export interface JobRunnerOptions {
  /** Jobs run at once in this process. */
  concurrency: number;
  /** How often an idle worker looks for due jobs. */
  pollMs: number;
  /** A running job's lease; renewed every third of it, and a job whose lease ran out is re-queued. */
  leaseMs: number;
  /** Progress is written at most this often per job. */
  progressIntervalMs: number;
  /** How long `stop()` waits for running jobs before handing them back. */
  stopGraceMs: number;
}

export const defaultRunnerOptions: JobRunnerOptions = {
  concurrency: 2,
  pollMs: 1000,
  leaseMs: 60_000,
  progressIntervalMs: 250,
  stopGraceMs: 8000,
};

export interface JobRunnerDeps {
  jobs: JobRepository;
  handlers: JobHandlers;
  /** The retry policy of each type (from the modules' `*.jobs.ts`). */
  specs?: JobSpecs;
  clock: Clock;
  logger: Logger;
  /** Told about every finished attempt (for /metrics). */
  onFinished?: (type: string, outcome: JobOutcome, seconds: number) => void;
  workerId?: string;
  options?: Partial<JobRunnerOptions>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

/** A client error (bad payload, unknown device) will not go away by trying again. */
const isPermanent = (err: unknown) =>
  (err instanceof AppError && errorCodes[err.code] < 500) || (err as Error | null)?.name === 'ZodError';

/**
 * A worker: claims due jobs from the database (any number of workers, in any number of
 * processes, may compete; each job runs once), runs them with a renewed lease, stores the
 * outcome, and retries failures with exponential backoff.
 */
export function createJobRunner({
  jobs,
  handlers,
  specs = {},
  clock,
  logger,
  onFinished,
  workerId,
  options = {},
}: JobRunnerDeps) {
  const opts = { ...defaultRunnerOptions, ...options };
  const id = workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const types = Object.keys(handlers).filter(isJobType);
  const running = new Map<string, { done: Promise<void>; abort: AbortController }>();
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let stopping = false;
  let pumping: Promise<void> | null = null;
  let lastRecovery = -Infinity;

  async function recover(): Promise<void> {
    const now = clock.now();
    if (now - lastRecovery < opts.leaseMs / 2) return;
    lastRecovery = now;
    const { requeued, failed } = await jobs.recoverExpired(now);
    if (requeued + failed > 0) logger.warn({ requeued, failed }, 'recovered jobs whose worker stopped');
  }

  async function execute(row: JobRow, abort: AbortController): Promise<void> {
    const type = row.type as JobType;
    const started = performance.now();
    const policy = retryPolicyOf(specs, type);
    const heartbeat = setInterval(() => {
      void jobs.extendLease(row.id, id, clock.now() + opts.leaseMs).catch((err: unknown) => {
        logger.warn({ err, job: row.id }, 'could not renew a job lease');
      });
    }, opts.leaseMs / 3);
    heartbeat.unref();
    let lastWrite = -Infinity;
    let lastValue = -1;
    const progress = async (fraction: number) => {
      const value = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      const t = performance.now();
      if (value === lastValue || (t - lastWrite < opts.progressIntervalMs && value < 1)) return;
      lastWrite = t;
      lastValue = value;
      await jobs.setProgress(row.id, id, value, clock.now());
    };

    let outcome: JobOutcome;
    try {
      const payload = parsePayload(type, JSON.parse(row.payload));
      const handler = handlers[type] as JobHandler<typeof type>;
      const ctx = {
        id: row.id,
        type,
        payload,
        attempt: Number(row.attempts),
        progress,
        signal: abort.signal,
      };
      const result = await handler(ctx);
      const stored = await jobs.succeed(row.id, id, result ? JSON.stringify(result) : null, clock.now());
      if (!stored)
        logger.warn({ job: row.id }, 'a job finished after its lease was lost; its result was dropped');
      outcome = 'succeeded';
    } catch (err) {
      if (stopping && abort.signal.aborted) {
        await jobs.release(row.id, id, clock.now());
        return;
      }
      const attempts = Number(row.attempts);
      if (isPermanent(err) || attempts >= Number(row.max_attempts)) {
        logger.error({ err, job: row.id, type, attempts }, 'job failed');
        await jobs.fail(row.id, id, message(err), clock.now());
        outcome = 'failed';
      } else {
        const delay = backoffDelay(policy, attempts);
        logger.warn({ err, job: row.id, type, attempts, retry_in_ms: delay }, 'job failed; retrying later');
        await jobs.retry(row.id, id, message(err), clock.now() + delay, clock.now());
        outcome = 'retried';
      }
    } finally {
      clearInterval(heartbeat);
    }
    onFinished?.(type, outcome, (performance.now() - started) / 1000);
  }

  /** Claims and starts one job if there is room and one is due; false otherwise. */
  async function startOne(): Promise<boolean> {
    if (stopping || running.size >= opts.concurrency) return false;
    const row = await jobs.claim(types, id, clock.now(), opts.leaseMs);
    if (!row) return false;
    const abort = new AbortController();
    const done = execute(row, abort)
      .catch((err: unknown) => logger.error({ err, job: row.id }, 'could not record the outcome of a job'))
      .finally(() => {
        running.delete(row.id);
        if (!stopping) wake();
      });
    running.set(row.id, { done, abort });
    return true;
  }

  async function pump(): Promise<void> {
    try {
      await recover();
      while (await startOne());
    } catch (err) {
      logger.warn({ err }, 'the job worker could not reach the queue');
    }
  }

  /** Looks for due jobs now; does nothing unless the worker was started (an API-only process never runs jobs). */
  function wake(): void {
    if (!started || stopping || types.length === 0) return;
    pumping ??= pump().finally(() => (pumping = null));
  }

  return {
    workerId: id,

    /** Starts polling (every `pollMs`, and whenever `wake` is called). */
    start(): void {
      if (timer || types.length === 0) return;
      started = true;
      stopping = false;
      timer = setInterval(wake, opts.pollMs);
      timer.unref();
      wake();
    },

    wake,

    /**
     * Runs due jobs one after another until none is left, without the timer. For tests and
     * one-off commands; resolves with how many attempts ran.
     */
    async drain(): Promise<number> {
      let count = 0;
      for (;;) {
        await recover();
        const row = await jobs.claim(types, id, clock.now(), opts.leaseMs);
        if (!row) return count;
        count += 1;
        await execute(row, new AbortController());
      }
    },

    /** Stops claiming, waits a little for running jobs, then hands the rest back to the queue. */
    async stop(): Promise<void> {
      stopping = true;
      started = false;
      if (timer) clearInterval(timer);
      timer = undefined;
      await pumping;
      const all = Promise.all([...running.values()].map((r) => r.done));
      const grace = new Promise<void>((resolve) => setTimeout(resolve, opts.stopGraceMs).unref());
      await Promise.race([all, grace]);
      for (const r of running.values()) r.abort.abort();
      // A handler that ignores the signal is left behind: its lease runs out and another worker takes the job.
      await Promise.race([all, new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())]);
    },

    get active(): number {
      return running.size;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
