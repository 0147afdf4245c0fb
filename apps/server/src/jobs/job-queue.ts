import crypto from 'node:crypto';
import type { Job, JobListQuery, JobPayload, JobStatus, JobType } from '@dtwin/contracts/jobs';
import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { JobRepository, JobRow } from './job.repository';
import { parsePayload, retryPolicyOf, type JobSpecs } from './job-types';

const iso = (ms: number) => new Date(ms).toISOString();

function parseResult(text: string | null): Record<string, unknown> | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function toJob(row: JobRow): Job {
  const result = row.status === 'succeeded' ? parseResult(row.result) : undefined;
  // A queued job may carry the error of its last attempt; it is shown once the job has failed.
  const error = row.status === 'failed' && row.error !== null ? row.error : undefined;
  return {
    id: row.id,
    type: row.type,
    status: row.status as JobStatus,
    progress: Math.min(1, Math.max(0, Number(row.progress))),
    ...(result ? { result } : {}),
    ...(error ? { error } : {}),
    attempts: Number(row.attempts),
    created_at: iso(Number(row.created_at)),
    updated_at: iso(Number(row.updated_at)),
  };
}

export interface EnqueueOptions {
  /** Who asked (a username), or null for the system. */
  createdBy?: string | null;
  /** At most one job per key, ever: recurring jobs use `<type>@<slot>`. */
  uniqueKey?: string;
  /** Not before this time (epoch ms). */
  runAt?: number;
}

/** Who reads a job: its creator and admins see it, everybody else gets 404. */
export interface JobReader {
  username: string;
  role: string;
}

export function createJobQueue({
  jobs,
  clock,
  specs = {},
}: {
  jobs: JobRepository;
  clock: Clock;
  /** The retry policy of each type (from the modules' `*.jobs.ts`). */
  specs?: JobSpecs;
}) {
  const listeners = new Set<() => void>();

  async function load(id: string): Promise<JobRow> {
    const row = await jobs.get(id);
    if (!row) throw new AppError('not_found', `no job '${id}'`);
    return row;
  }

  return {
    /** Adds a job (payload validated against its type); resolves with its id, or null when `uniqueKey` was taken. */
    async enqueue<T extends JobType>(
      type: T,
      payload: JobPayload<T>,
      options: EnqueueOptions = {},
    ): Promise<string | null> {
      const valid = parsePayload(type, payload);
      const now = clock.now();
      const id = `job_${crypto.randomBytes(12).toString('base64url')}`;
      const inserted = await jobs.insert({
        id,
        type,
        payload: JSON.stringify(valid),
        status: 'queued',
        max_attempts: retryPolicyOf(specs, type).maxAttempts,
        run_at: options.runAt ?? now,
        unique_key: options.uniqueKey ?? null,
        created_by: options.createdBy ?? null,
        created_at: now,
        updated_at: now,
        locked_by: null,
        lease_until: null,
        result: null,
        error: null,
        started_at: null,
        finished_at: null,
      });
      if (!inserted) return null;
      for (const listener of listeners) listener();
      return id;
    },

    /** Called after every enqueue in this process, so a local worker starts at once instead of at its next poll. */
    onEnqueued(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    get: async (id: string): Promise<Job> => toJob(await load(id)),

    /** A job as `reader` may see it; someone else's job is 'not_found', so ids cannot be probed. */
    async getFor(id: string, reader: JobReader): Promise<Job> {
      const row = await jobs.get(id);
      if (!row || (reader.role !== 'admin' && row.created_by !== reader.username)) {
        throw new AppError('not_found', `no job '${id}'`);
      }
      return toJob(row);
    },

    async list(query: JobListQuery): Promise<Job[]> {
      return (await jobs.list({ status: query.status, type: query.type }, query.limit)).map(toJob);
    },

    /** Jobs a user asked for that are still waiting or running. */
    unfinished: (type: JobType, createdBy: string) => jobs.countUnfinished(type, createdBy),

    depth: () => jobs.countByStatus(),

    async stats(): Promise<{ queued: number; running: number; failed_24h: number }> {
      const counts = await jobs.countByStatus();
      const failed = await jobs.countFailedSince(clock.now() - 86_400_000);
      return { queued: counts.queued, running: counts.running, failed_24h: failed };
    },

    /** Deletes jobs that finished more than `olderThanMs` ago. */
    prune: (olderThanMs: number) => jobs.deleteFinishedBefore(clock.now() - olderThanMs),
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
