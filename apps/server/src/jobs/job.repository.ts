import type { JobStatus } from '@dtwin/contracts/jobs';
import type { Insertable, Selectable } from 'kysely';
import type { Database } from '../db/database';
import type { Tables } from '../db/tables';

export type JobRow = Selectable<Tables['jobs']>;
export type NewJobRow = Insertable<Tables['jobs']>;

/**
 * The queue's SQL. A job is claimed by one atomic UPDATE of a row still `queued`: on PostgreSQL
 * the candidate is picked `FOR UPDATE SKIP LOCKED`, so concurrent workers take different jobs
 * instead of waiting on each other; SQLite serialises writers, so the statement alone suffices.
 * Every later write names the worker holding the lease, so a worker that lost its lease (and
 * whose job was handed to another) cannot overwrite the other's outcome.
 */
export function createJobRepository({ db, dialect }: Pick<Database, 'db' | 'dialect'>) {
  const owned = (id: string, workerId: string) =>
    db
      .updateTable('jobs')
      .where('id', '=', id)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'running');
  const changed = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows) > 0;

  return {
    /** Inserts a job; false when a job with the same `unique_key` exists. */
    async insert(row: NewJobRow): Promise<boolean> {
      const inserted = await db
        .insertInto('jobs')
        .values(row)
        .onConflict((oc) => oc.column('unique_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    get(id: string): Promise<JobRow | undefined> {
      return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    },

    list(
      filter: { status?: JobStatus | undefined; type?: string | undefined },
      limit: number,
    ): Promise<JobRow[]> {
      let query = db.selectFrom('jobs').selectAll();
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.type) query = query.where('type', '=', filter.type);
      return query.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
    },

    /** Takes the oldest due job of the given types for `workerId`, or undefined when there is none. */
    async claim(
      types: readonly string[],
      workerId: string,
      now: number,
      leaseMs: number,
    ): Promise<JobRow | undefined> {
      if (types.length === 0) return undefined;
      const due = db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'queued')
        .where('run_at', '<=', now)
        .where('type', 'in', [...types])
        .orderBy('run_at')
        .orderBy('created_at')
        .limit(1);
      return db
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          locked_by: workerId,
          lease_until: now + leaseMs,
          attempts: eb('attempts', '+', 1),
          started_at: now,
          updated_at: now,
        }))
        .where('id', '=', dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
        .where('status', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
    },

    /**
     * Jobs whose worker stopped renewing its lease (it died or hung): back to the queue, or
     * failed when they have used their attempts (a job that kills its worker must not loop).
     */
    async recoverExpired(now: number): Promise<{ requeued: number; failed: number }> {
      const expired = db.updateTable('jobs').where('status', '=', 'running').where('lease_until', '<', now);
      const failed = await expired
        .set({
          status: 'failed',
          error: 'the worker running this job stopped responding',
          locked_by: null,
          lease_until: null,
          finished_at: now,
          updated_at: now,
        })
        .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
        .executeTakeFirst();
      const requeued = await expired
        .set({ status: 'queued', locked_by: null, lease_until: null, run_at: now, updated_at: now })
        .executeTakeFirst();
      return { requeued: Number(requeued.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
    },

    async extendLease(id: string, workerId: string, leaseUntil: number): Promise<boolean> {
      return changed(await owned(id, workerId).set({ lease_until: leaseUntil }).executeTakeFirst());
    },

    async setProgress(id: string, workerId: string, progress: number, now: number): Promise<boolean> {
      return changed(await owned(id, workerId).set({ progress, updated_at: now }).executeTakeFirst());
    },

    async succeed(id: string, workerId: string, result: string | null, now: number): Promise<boolean> {
      const patch = {
        status: 'succeeded',
        progress: 1,
        result,
        error: null,
        locked_by: null,
        lease_until: null,
      };
      return changed(
        await owned(id, workerId)
          .set({ ...patch, finished_at: now, updated_at: now })
          .executeTakeFirst(),
      );
    },

    /** Back to the queue, due at `runAt`; `error` says why the last attempt failed. */
    async retry(id: string, workerId: string, error: string, runAt: number, now: number): Promise<boolean> {
      const patch = {
        status: 'queued',
        error,
        run_at: runAt,
        locked_by: null,
        lease_until: null,
        updated_at: now,
      };
      return changed(await owned(id, workerId).set(patch).executeTakeFirst());
    },

    async fail(id: string, workerId: string, error: string, now: number): Promise<boolean> {
      const patch = {
        status: 'failed',
        error,
        locked_by: null,
        lease_until: null,
        finished_at: now,
        updated_at: now,
      };
      return changed(await owned(id, workerId).set(patch).executeTakeFirst());
    },

    /** Hands a job back untouched (the worker is shutting down): the attempt does not count. */
    async release(id: string, workerId: string, now: number): Promise<boolean> {
      const result = await owned(id, workerId)
        .set((eb) => ({
          status: 'queued',
          attempts: eb('attempts', '-', 1),
          locked_by: null,
          lease_until: null,
          run_at: now,
          updated_at: now,
        }))
        .executeTakeFirst();
      return changed(result);
    },

    async countByStatus(): Promise<Record<JobStatus, number>> {
      const rows = await db
        .selectFrom('jobs')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
        .groupBy('status')
        .execute();
      const counts: Record<JobStatus, number> = { queued: 0, running: 0, succeeded: 0, failed: 0 };
      for (const row of rows) if (row.status in counts) counts[row.status as JobStatus] = Number(row.n);
      return counts;
    },

    async countFailedSince(since: number): Promise<number> {
      const row = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'failed')
        .where('finished_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Jobs of a type someone has asked for that have not finished yet. */
    async countUnfinished(type: string, createdBy: string): Promise<number> {
      const row = await db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('type', '=', type)
        .where('created_by', '=', createdBy)
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async deleteFinishedBefore(cutoff: number): Promise<number> {
      const result = await db
        .deleteFrom('jobs')
        .where('status', 'in', ['succeeded', 'failed'])
        .where('finished_at', '<', cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type JobRepository = ReturnType<typeof createJobRepository>;
