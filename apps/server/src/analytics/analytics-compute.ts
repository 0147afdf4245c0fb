import { AppError } from '../lib/errors';
import type { RunTask } from './compute-tasks';

/**
 * A computation that was not started because too many were waiting (overload); it is counted.
 * A request that needed it is answered 503 with a Retry-After.
 */
export class ComputationSkipped extends AppError {
  constructor(task: string) {
    super('unavailable', `the ${task} computation was skipped: too many analytics computations are waiting`, {
      retryAfterS: 5,
    });
    this.name = 'ComputationSkipped';
  }
}

/**
 * What stands between the analytics services and their computations (on the analytics thread,
 * or in this one when it is off): at most `maxQueued` computations wait or run at once; beyond
 * that a computation is refused with `ComputationSkipped` and counted, so a slow thread never
 * lets work pile up (the recompute queues mark the device again, so it is done later).
 */
export function createAnalyticsCompute({ run, maxQueued }: { run: RunTask; maxQueued: number }) {
  let queued = 0;
  let skipped = 0;
  const bounded: RunTask = async (task, input) => {
    if (queued >= maxQueued) {
      skipped++;
      throw new ComputationSkipped(task);
    }
    queued++;
    try {
      return await run(task, input);
    } finally {
      queued--;
    }
  };
  return {
    run: bounded,
    /** Computations waiting or running now. */
    queued: () => queued,
    /** Computations refused since start because too many were waiting. */
    skipped: () => skipped,
  };
}

export type AnalyticsCompute = ReturnType<typeof createAnalyticsCompute>;
