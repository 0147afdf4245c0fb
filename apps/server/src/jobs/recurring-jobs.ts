import type { JobType } from '@dtwin/contracts/jobs';
import type { Clock } from '../lib/clock';
import type { JobQueue } from './job-queue';
import type { JobSpecs } from './job-types';

export interface RecurringJob {
  type: Exclude<JobType, 'report.generate'>;
  everyMs: number;
}

/** The recurring jobs of a set of specs: the ones with a period. */
export function recurringJobsOf(specs: JobSpecs): RecurringJob[] {
  return Object.entries(specs).flatMap(([type, spec]) =>
    spec?.everyMs === undefined ? [] : [{ type: type as RecurringJob['type'], everyMs: spec.everyMs }],
  );
}

/** Something that runs a task at an interval (jobs/scheduler.ts). */
export interface IntervalScheduler {
  every(name: string, intervalMs: number, task: () => Promise<unknown>): void;
}

/**
 * Puts each recurring job on the queue once per period. Every worker process schedules, and the
 * job's unique key `<type>@<period number>` lets only the first enqueue of a period through, so
 * a cluster runs each upkeep once per period whichever workers are alive.
 */
export function scheduleRecurringJobs({
  scheduler,
  queue,
  clock,
  jobs,
  checkEveryMs = 60_000,
}: {
  scheduler: IntervalScheduler;
  queue: Pick<JobQueue, 'enqueue'>;
  clock: Clock;
  jobs: RecurringJob[];
  checkEveryMs?: number;
}) {
  const enqueueDue = async () => {
    for (const job of jobs) {
      const slot = Math.floor(clock.now() / job.everyMs);
      await queue.enqueue(job.type, {}, { uniqueKey: `${job.type}@${slot}` });
    }
  };
  scheduler.every('jobs.recurring', checkEveryMs, enqueueDue);
  return { enqueueDue };
}
