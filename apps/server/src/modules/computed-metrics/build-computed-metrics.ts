import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { AuditService } from '../audit/audit.service';
import type { ModelsService } from '../models/models.service';
import type { TwinService } from '../twin/twin.service';
import type { AssetTreePort } from './asset-tree.port';
import { createComputedMetricEvaluator, type EvaluatorOptions } from './computed-metric-evaluator';
import { createComputedMetricsRepository } from './computed-metrics.repository';
import { createComputedMetricsService } from './computed-metrics.service';

/**
 * Computed metrics of assets: their definitions and series, and the evaluator that recomputes
 * them as readings are stored (`telemetry.stored`, subscribed here, never waited on by ingest).
 */
export async function buildComputedMetrics({
  db,
  tree,
  twin,
  models,
  audit,
  bus,
  clock,
  options,
}: {
  db: Kysely<Tables>;
  tree: AssetTreePort;
  twin: Pick<TwinService, 'get'>;
  models: Pick<ModelsService, 'list'>;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  options?: EvaluatorOptions;
}) {
  const repository = createComputedMetricsRepository(db);
  const evaluator = createComputedMetricEvaluator({
    repository,
    tree,
    async deviceLatest(deviceId) {
      const { reported } = await twin.get(deviceId);
      return Object.fromEntries(
        Object.entries(reported.metrics).map(([k, m]) => [k, { value: m.value, ts: Date.parse(m.ts) }]),
      );
    },
    bus,
    clock,
    ...(options ? { options } : {}),
  });
  const computedMetrics = createComputedMetricsService({
    repository,
    evaluator,
    tree,
    deviceMetricNames: () => new Set(models.list().flatMap((m) => m.metrics.map((x) => x.name))),
    audit,
    clock,
  });
  await computedMetrics.init();
  bus.on('telemetry.stored', ({ readings }) => evaluator.observe(readings));
  return { computedMetrics, computedMetricEvaluator: evaluator };
}
