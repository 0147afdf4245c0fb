import { jobPayloadSchemas, type JobPayload, type JobType } from '@dtwin/contracts/jobs';

/** What a handler gets: its validated payload, a progress reporter and a signal for shutdown. */
export interface JobContext<P> {
  id: string;
  type: JobType;
  payload: P;
  /** 1 for the first run. */
  attempt: number;
  /** 0..1; written to the job (throttled), so `GET /api/jobs/{id}` shows it. */
  progress(fraction: number): Promise<void>;
  /** Aborted when the process stops: the job goes back to the queue for another worker. */
  signal: AbortSignal;
}

/** A handler's result is stored as the job's `result` (an object, or nothing). */
export type JobResult = Record<string, unknown> | void;

export type JobHandler<T extends JobType> = (ctx: JobContext<JobPayload<T>>) => Promise<JobResult>;

/** The handlers a process runs; a worker only claims the types it has a handler for. */
export type JobHandlers = { [T in JobType]?: JobHandler<T> };

export interface RetryPolicy {
  maxAttempts: number;
  /** Wait before attempt n+1 is `backoffMs * 2^(n-1)`, at most `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

/** What a module declares of a job type it runs (in its `*.jobs.ts`, next to the handler). */
export interface JobSpec {
  retry: RetryPolicy;
  /** Recurring upkeep: queued once per period, cluster-wide. Absent for jobs queued on demand. */
  everyMs?: number;
}

export type JobSpecs = { [T in JobType]?: JobSpec };

/** The policy of a type no spec names (tests of the queue itself). */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, backoffMs: 30_000, maxBackoffMs: 600_000 };

export const retryPolicyOf = (specs: JobSpecs, type: JobType): RetryPolicy =>
  specs[type]?.retry ?? defaultRetryPolicy;

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, attempt - 1));
}

export function isJobType(type: string): type is JobType {
  return Object.hasOwn(jobPayloadSchemas, type);
}

/** Validates a payload against its type's schema; throws a ZodError when it does not fit. */
export function parsePayload<T extends JobType>(type: T, payload: unknown): JobPayload<T> {
  return jobPayloadSchemas[type].parse(payload) as JobPayload<T>;
}
