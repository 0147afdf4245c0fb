import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { AssetLinks } from '../assets/asset-links';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { TwinService } from '../twin/twin.service';
import type { AssetTreePort } from './asset-tree.port';
import { subscribeComputedMetrics } from './computed-metrics.events';
import { createComputedMetricEvaluator, type EvaluatorOptions } from './computed-metric-evaluator';
import { createComputedMetricsRepository } from './computed-metrics.repository';
import { createComputedMetricsService } from './computed-metrics.service';
import { createDeviceComputedMetricsService } from './device-computed-metrics.service';

/**
 * Computed metrics of assets and of devices: their definitions and series, and the evaluator
 * that recomputes them as readings are stored (`telemetry.stored`, subscribed here, never
 * waited on by ingest).
 */
export async function buildComputedMetrics({
  db,
  assets,
  devices,
  twin,
  models,
  audit,
  bus,
  clock,
  options,
}: {
  db: Kysely<Tables>;
  /** The hierarchy: an asset by id, and the parent links (read fresh: processes share the database). */
  assets: {
    find(id: string): Promise<{ id: string; name: string } | undefined>;
    links(): Promise<AssetLinks>;
  };
  devices: Pick<DevicesService, 'get' | 'idsInSubtree'>;
  twin: Pick<TwinService, 'get'>;
  models: Pick<ModelsService, 'list' | 'find'>;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  options?: EvaluatorOptions;
}) {
  const tree: AssetTreePort = {
    async get(assetId) {
      const asset = await assets.find(assetId);
      if (!asset) throw new AppError('not_found', `no asset '${assetId}'`);
      return { id: asset.id, name: asset.name };
    },
    children: async (assetId) => (await assets.links()).childrenOf(assetId),
    subtreeDevices: (assetId) => devices.idsInSubtree(assetId).catch(() => []),
    async assetsOfDevice(deviceId) {
      const device = await devices.get(deviceId).catch(() => undefined);
      if (!device?.asset_id) return [];
      return [device.asset_id, ...(await assets.links()).ancestors(device.asset_id)];
    },
  };
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
    // An asset may aggregate its devices' measured metrics and their computed ones alike.
    deviceMetricNames: () =>
      new Set([
        ...models.list().flatMap((m) => m.metrics.map((x) => x.name)),
        ...evaluator.deviceComputedNames(),
      ]),
    audit,
    clock,
  });
  const deviceComputedMetrics = createDeviceComputedMetricsService({
    repository,
    evaluator,
    device: async (deviceId) => {
      const { id, model } = await devices.get(deviceId);
      return { id, model };
    },
    modelMetrics: (modelId) => models.find(modelId)?.metrics.map((m) => m.name) ?? [],
    audit,
    clock,
  });
  await computedMetrics.reload();
  subscribeComputedMetrics({ bus, evaluator, computedMetrics, deviceComputedMetrics });
  return { computedMetrics, deviceComputedMetrics, computedMetricEvaluator: evaluator };
}
