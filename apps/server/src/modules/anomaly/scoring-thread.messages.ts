import type { RebaselineContext } from '../../analytics/anomaly/device-detector';
import type { Connection } from '../../db/database';
import type { Reading } from '../../lib/domain-events';
import type { AnomalyScore } from './anomaly-scoring';

/** What the scoring thread is started with. */
export interface ScoringThreadData {
  connection: Connection;
  maxDevices?: number;
}

/** To the scoring thread. Batches are scored one after the other, in the order they were sent. */
export type ToScoringThread =
  | { type: 'score'; id: number; readings: Reading[] }
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
  | { type: 'ready' }
  | { type: 'failed'; id: number; message: string }
  | { type: 'warning'; message: string; deviceId?: string };
