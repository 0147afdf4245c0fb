import { computedMetricLimits } from '@dtwin/contracts/computed-metrics';
import { AppError } from '../../lib/errors';
import type { LoadedMetric } from './computed-metric-evaluator';
import type {
  ComputedMetricRow,
  ComputedMetricsRepository,
  NewComputedMetricRow,
} from './computed-metrics.repository';

/**
 * The rules every subject of computed metrics (an asset, a device) shares; `subject` names it in
 * messages, e.g. `asset 'LINE_A'`.
 */
const taken = (subject: string, name: string) =>
  new AppError('conflict', `${subject} already has a computed metric '${name}'`);

/** A new metric needs a free name and room under the limit. */
export function checkRoom(existing: readonly LoadedMetric[], subject: string, name: string): void {
  if (existing.some((m) => m.name === name)) throw taken(subject, name);
  if (existing.length >= computedMetricLimits.perSubject)
    throw new AppError(
      'conflict',
      `${subject} has ${computedMetricLimits.perSubject} computed metrics already`,
    );
}

/** A metric another one of its subject reads cannot be deleted first. */
export function checkUnused(metrics: readonly LoadedMetric[], name: string): void {
  const users = metrics.filter((o) => o.compiled.own.has(name));
  if (users.length > 0)
    throw new AppError(
      'conflict',
      `'${name}' is used by ${users.map((u) => u.name).join(', ')}: delete ${users.length > 1 ? 'those' : 'that'} first`,
    );
}

/** Stores the definition; a name another request took a moment before (unique constraint) is a conflict. */
export async function insertDefinition(
  repository: Pick<ComputedMetricsRepository, 'insert'>,
  row: NewComputedMetricRow,
  subject: string,
): Promise<ComputedMetricRow> {
  try {
    return await repository.insert(row);
  } catch (err) {
    if (/unique|duplicate/i.test((err as Error).message)) throw taken(subject, row.name);
    throw err;
  }
}
