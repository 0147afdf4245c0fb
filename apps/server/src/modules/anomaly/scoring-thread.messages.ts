import type { RebaselineContext } from '../../analytics/anomaly/device-detector';
import type { Connection } from '../../db/database';
import type { Reading } from '../../lib/domain-events';
import type { TaskInput, TaskName } from '../../analytics/compute-tasks';
import type { AnomalyScore } from './anomaly-scoring';

/** What the scoring thread is started with. */
export interface ScoringThreadData {
  connection: Connection;
  maxDevices?: number;
}

/**
 * To the scoring thread. Batches are scored one after the other, in the order they were sent;
 * computations (compute-tasks.ts) run beside them, each answered with its own id.
 */
export type ToScoringThread =
  | { type: 'score'; id: number; readings: Reading[] }
  | { type: 'compute'; id: number; task: TaskName; input: TaskInput<TaskName> }
  | { type: 'rebaseline'; deviceId: string; reason: string; atMs: number }
  | { type: 'forget'; deviceId: string }
  | { type: 'close' };

/** From the scoring thread. */
export type FromScoringThread =
  | {
      type: 'scored';
      id: number;
      scores: AnomalyScore[];
      /** Devices of the batch whose last re-baselining changed (null: none any more). */
      contexts: Array<[string, RebaselineContext | null]>;
      busySeconds: number;
    }
  | { type: 'computed'; id: number; result: unknown }
  | { type: 'ready' }
  | { type: 'failed'; id: number; message: string }
  | { type: 'warning'; message: string; deviceId?: string };
