import type { ComputedMetric, CreateComputedMetricBody } from '@dtwin/contracts/computed-metrics';
import type { TelemetryQuery, TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import { computedHistory } from './computed-history';
import { checkRoom, checkUnused, insertDefinition } from './computed-metric-checks';
import type { ComputedMetricEvaluator, LoadedMetric } from './computed-metric-evaluator';
import type { ComputedMetricsRepository } from './computed-metrics.repository';
import { compileExpression, ExpressionError, type CompiledExpression } from './metric-expression';

interface Deps {
  repository: ComputedMetricsRepository;
  evaluator: ComputedMetricEvaluator;
  /** The device and its model; throws AppError('not_found') for an unknown device. */
  device(deviceId: string): Promise<{ id: string; model: string }>;
  /** The metric names the model defines (what a device's expression may name). */
  modelMetrics(modelId: string): string[];
  audit: AuditService;
  clock: Clock;
}

const iso = (ms: number) => new Date(ms).toISOString();
const invalid = (field: 'name' | 'expression', message: string) =>
  new AppError('validation_failed', message, { fields: { [field]: message } });

/**
 * Computed metrics of one device: an expression over the device's own metrics (`power / flow`,
 * `max(vibration, 0)`), evaluated by the same evaluator as the assets' as its readings are
 * stored, kept as a series in the same table and for the same time.
 */
export function createDeviceComputedMetricsService({
  repository,
  evaluator,
  device,
  modelMetrics,
  audit,
  clock,
}: Deps) {
  function view(m: LoadedMetric): ComputedMetric {
    const v = evaluator.latestOf(m.id);
    return {
      name: m.name,
      unit: m.row.unit,
      expression: m.row.expression,
      value: v?.value ?? null,
      ts: v ? iso(v.ts) : null,
      created_by: m.row.created_by,
      created_at: iso(Number(m.row.created_at)),
    };
  }

  function compile(expression: string): CompiledExpression {
    try {
      return compileExpression(expression);
    } catch (err) {
      if (err instanceof ExpressionError) throw invalid('expression', err.message);
      throw err;
    }
  }

  /** Every name must be one of the model's metrics or an earlier computed metric of the device. */
  function checkReferences(deviceId: string, model: string, compiled: CompiledExpression, name: string) {
    const aggregated = [...compiled.children].map((m) => `children.${m}`);
    aggregated.push(...[...compiled.devices].map((m) => `devices.${m}`));
    if (aggregated.length > 0)
      throw invalid(
        'expression',
        `'${aggregated[0]}' is not allowed on a device: children.<metric> and devices.<metric> ` +
          'aggregate over an asset; a device expression names its own metrics, e.g. power / flow',
      );
    const measured = modelMetrics(model);
    const computed = evaluator.deviceMetricsOf(deviceId).map((m) => m.name);
    for (const ref of compiled.own) {
      if (ref === name) throw invalid('expression', `'${name}' cannot refer to itself`);
      if (!measured.includes(ref) && !computed.includes(ref))
        throw invalid(
          'expression',
          `unknown metric '${ref}': model '${model}' has ${measured.join(', ') || 'no metrics'}` +
            (computed.length ? `; the device's computed metrics are ${computed.join(', ')}` : ''),
        );
    }
  }

  async function findMetric(deviceId: string, name: string): Promise<LoadedMetric> {
    await device(deviceId);
    const m = evaluator.deviceMetricsOf(deviceId).find((x) => x.name === name);
    if (!m) throw new AppError('not_found', `device '${deviceId}' has no computed metric '${name}'`);
    return m;
  }

  return {
    async list(deviceId: string): Promise<ComputedMetric[]> {
      await device(deviceId);
      return evaluator.deviceMetricsOf(deviceId).map(view);
    },

    async create(deviceId: string, body: CreateComputedMetricBody, actor: Actor): Promise<ComputedMetric> {
      const { model } = await device(deviceId);
      const compiled = compile(body.expression);
      if (modelMetrics(model).includes(body.name))
        throw invalid(
          'name',
          `'${body.name}' is a measured metric of model '${model}': a computed metric needs another name`,
        );
      const subject = `device '${deviceId}'`;
      checkRoom(evaluator.deviceMetricsOf(deviceId), subject, body.name);
      checkReferences(deviceId, model, compiled, body.name);
      const row = await insertDefinition(
        repository,
        {
          asset_id: null,
          device_id: deviceId,
          name: body.name,
          unit: body.unit,
          expression: body.expression,
          created_by: actor.username,
          created_at: clock.now(),
        },
        subject,
      );
      const loaded = evaluator.add(row);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'device.metric_created',
        target: deviceId,
        outcome: 'success',
        detail: `${body.name} = ${body.expression}`,
      });
      await evaluator.evaluateDeviceNow(deviceId).catch(() => undefined);
      return view(loaded);
    },

    async remove(deviceId: string, name: string, actor: Actor): Promise<void> {
      const m = await findMetric(deviceId, name);
      checkUnused(evaluator.deviceMetricsOf(deviceId), name);
      await repository.delete(m.id);
      evaluator.removeFromDevice(deviceId, [m.id]);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'device.metric_deleted',
        target: deviceId,
        outcome: 'success',
        detail: name,
      });
    },

    /** The device is gone: its computed metrics and their series go too. */
    async forgetDevice(deviceId: string): Promise<void> {
      const ids = await repository.deleteDevice(deviceId);
      evaluator.removeFromDevice(deviceId, ids);
    },

    /** Whether the device has this computed metric (what its chart and an alert rule may read). */
    has: (deviceId: string, name: string): boolean =>
      evaluator.deviceMetricsOf(deviceId).some((m) => m.name === name),

    /** The devices with a computed metric of that name (rules scoped to a model or to all devices). */
    devicesWith: (name: string): string[] => evaluator.devicesWith(name),

    async history(deviceId: string, query: TelemetryQuery): Promise<TelemetrySeries> {
      const m = await findMetric(deviceId, query.metric);
      return computedHistory(repository, { id: m.id, name: m.name, unit: m.row.unit }, query, clock.now());
    },
  };
}

export type DeviceComputedMetricsService = ReturnType<typeof createDeviceComputedMetricsService>;
