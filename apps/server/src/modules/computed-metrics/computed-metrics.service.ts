import type { ComputedMetric, CreateComputedMetricBody } from '@dtwin/contracts/computed-metrics';
import type { TelemetryQuery, TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import type { AssetTreePort } from './asset-tree.port';
import { computedHistory } from './computed-history';
import { checkRoom, checkUnused, insertDefinition } from './computed-metric-checks';
import type { ComputedMetricEvaluator } from './computed-metric-evaluator';
import type { ComputedMetricRow, ComputedMetricsRepository } from './computed-metrics.repository';
import { compileExpression, ExpressionError, type CompiledExpression } from './metric-expression';

/** Computed values are kept this long (a value every few seconds per metric at most). */
export const COMPUTED_RETENTION_DAYS = 90;

const DAY = 24 * 60 * 60_000;

interface Deps {
  repository: ComputedMetricsRepository;
  evaluator: ComputedMetricEvaluator;
  tree: Pick<AssetTreePort, 'get' | 'children'>;
  /** Every metric name some device model defines (what `devices.<metric>` may name). */
  deviceMetricNames(): Set<string>;
  audit: AuditService;
  clock: Clock;
}

const iso = (ms: number) => new Date(ms).toISOString();

const invalid = (message: string) =>
  new AppError('validation_failed', message, { fields: { expression: message } });

export function createComputedMetricsService({
  repository,
  evaluator,
  tree,
  deviceMetricNames,
  audit,
  clock,
}: Deps) {
  function view(row: { id: number }): ComputedMetric {
    const def = rows.get(row.id)!;
    const v = evaluator.latestOf(row.id);
    return {
      name: def.name,
      unit: def.unit,
      expression: def.expression,
      value: v?.value ?? null,
      ts: v ? iso(v.ts) : null,
      created_by: def.created_by,
      created_at: iso(Number(def.created_at)),
    };
  }

  // The rows behind the evaluator's metrics (unit, expression, author), by id.
  const rows = new Map<number, ComputedMetricRow>();

  /** Every reference must name something that exists: a bad one is refused, naming it. */
  async function checkReferences(assetId: string, compiled: CompiledExpression, name: string) {
    const own = evaluator.metricsOf(assetId).map((m) => m.name);
    for (const ref of compiled.own) {
      if (ref === name) throw invalid(`'${name}' cannot refer to itself`);
      if (!own.includes(ref))
        throw invalid(
          `unknown reference '${ref}': not a computed metric of asset '${assetId}'` +
            (own.length ? ` (it has ${own.join(', ')})` : ' (it has none yet)'),
        );
    }
    if (compiled.children.size > 0) {
      const children = await tree.children(assetId);
      const named = new Set(children.flatMap((c) => evaluator.metricsOf(c).map((m) => m.name)));
      for (const ref of compiled.children)
        if (!named.has(ref))
          throw invalid(
            `unknown reference 'children.${ref}': no child asset of '${assetId}' has a computed metric '${ref}'`,
          );
    }
    const known = deviceMetricNames();
    for (const ref of compiled.devices)
      if (!known.has(ref))
        throw invalid(`unknown reference 'devices.${ref}': no device model has a metric '${ref}'`);
  }

  async function findMetric(assetId: string, name: string) {
    await tree.get(assetId);
    const m = evaluator.metricsOf(assetId).find((x) => x.name === name);
    if (!m) throw new AppError('not_found', `asset '${assetId}' has no computed metric '${name}'`);
    return m;
  }

  return {
    /** Reads the definitions: at start, then periodically (another process may have changed them). */
    async reload(): Promise<void> {
      const all = await repository.all();
      rows.clear();
      for (const row of all) rows.set(Number(row.id), row);
      await evaluator.load(all);
    },

    async list(assetId: string): Promise<ComputedMetric[]> {
      await tree.get(assetId);
      return evaluator.metricsOf(assetId).map((m) => view(m));
    },

    async create(assetId: string, body: CreateComputedMetricBody, actor: Actor): Promise<ComputedMetric> {
      await tree.get(assetId);
      let compiled: CompiledExpression;
      try {
        compiled = compileExpression(body.expression);
      } catch (err) {
        if (err instanceof ExpressionError) throw invalid(err.message);
        throw err;
      }
      const subject = `asset '${assetId}'`;
      checkRoom(evaluator.metricsOf(assetId), subject, body.name);
      await checkReferences(assetId, compiled, body.name);
      const row = await insertDefinition(
        repository,
        {
          asset_id: assetId,
          name: body.name,
          unit: body.unit,
          expression: body.expression,
          created_by: actor.username,
          created_at: clock.now(),
        },
        subject,
      );
      rows.set(Number(row.id), row);
      const loaded = evaluator.add(row);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'asset.metric_created',
        target: assetId,
        outcome: 'success',
        detail: `${body.name} = ${body.expression}`,
      });
      await evaluator.evaluateNow(assetId).catch(() => undefined);
      return view(loaded);
    },

    async remove(assetId: string, name: string, actor: Actor): Promise<void> {
      const m = await findMetric(assetId, name);
      checkUnused(evaluator.metricsOf(assetId), name);
      await repository.delete(m.id);
      rows.delete(m.id);
      evaluator.remove(assetId, [m.id]);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'asset.metric_deleted',
        target: assetId,
        outcome: 'success',
        detail: name,
      });
    },

    /** The asset is gone: its metrics and their series go too. */
    async forgetAsset(assetId: string): Promise<void> {
      const ids = await repository.deleteAsset(assetId);
      for (const id of ids) rows.delete(id);
      evaluator.remove(assetId, ids);
    },

    /** Whether the asset has this computed metric (what an alert rule on it may watch). */
    has: (assetId: string, name: string) => evaluator.metricsOf(assetId).some((m) => m.name === name),

    /** The unit of an asset's computed metric (for alert messages); undefined when there is none. */
    unitOf(assetId: string, name: string): string | undefined {
      const m = evaluator.metricsOf(assetId).find((x) => x.name === name);
      return m ? rows.get(m.id)?.unit : undefined;
    },

    /** A computed metric's history, like a device metric's: raw values or 1m / 1h / 1d buckets. */
    async history(assetId: string, query: TelemetryQuery): Promise<TelemetrySeries> {
      const m = await findMetric(assetId, query.metric);
      return computedHistory(repository, { id: m.id, name: m.name, unit: m.row.unit }, query, clock.now());
    },

    /**
     * Each computed metric of the asset over [from, to): min, mean, max and the last value, for
     * reports. An unknown asset (or one without metrics) has none.
     */
    async periodSummary(assetId: string, from: number, to: number) {
      const out = [];
      for (const def of await repository.ofAsset(assetId)) {
        const s = await repository.summary(Number(def.id), from, to);
        out.push({
          name: def.name,
          unit: def.unit,
          expression: def.expression,
          count: s?.count ?? 0,
          min: s?.min ?? null,
          mean: s?.mean ?? null,
          max: s?.max ?? null,
          last: s ? { ts: s.last.ts, value: s.last.value } : null,
        });
      }
      return out;
    },

    /** Deletes computed values past the retention. */
    applyRetention: () => repository.deleteOlderThan(clock.now() - COMPUTED_RETENTION_DAYS * DAY),
  };
}

export type ComputedMetricsService = ReturnType<typeof createComputedMetricsService>;
