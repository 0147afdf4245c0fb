import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { createAlertEvaluationService } from './alert-evaluation.service';
import { createAlertCommentRepository } from './alert-comment.repository';
import { createAlertCommentService } from './alert-comment.service';
import { createAlertLifecycle } from './alert-lifecycle';
import { createAlertRuleRepository } from './alert-rule.repository';
import { createAlertRuleService } from './alert-rule.service';
import { createAlertRepository } from './alert.repository';
import { createAlertService } from './alert.service';
import { subscribeAlerts } from './alerts.events';
import type { AuditService } from '../audit/audit.service';
import type { ChannelService } from '../notifications/channel.service';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { TwinService } from '../twin/twin.service';

/**
 * Alerting: the rules, the alert lifecycle (which sets the twin's condition) and the evaluation of
 * every stored reading and derived signal against the rules.
 */
export async function buildAlerting({
  db,
  channels,
  audit,
  devices,
  models,
  twin,
  bus,
  clock,
  logger,
  assets,
  deviceMetrics,
}: {
  db: Kysely<Tables>;
  channels: ChannelService;
  audit: AuditService;
  devices: DevicesService;
  models: ModelsService;
  twin: TwinService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  /** Rules on assets' computed metrics: which exist, and the assets' names (the alerts' subjects). */
  assets?: {
    hasMetric(assetId: string, metric: string): boolean;
    name(assetId: string): Promise<string | undefined>;
    /** The unit of an asset's computed metric. */
    unitOf(assetId: string, metric: string): string | undefined;
    /** The asset and every asset under it (empty for an unknown asset). */
    subtreeIds(assetId: string): Promise<string[]>;
  };
  /** Devices' computed metrics: a rule on one fires like on a measured metric of the device. */
  deviceMetrics?: { has(deviceId: string, metric: string): boolean; devicesWith(metric: string): string[] };
}) {
  const alertRules = createAlertRuleService({
    rules: createAlertRuleRepository(db),
    devices,
    models,
    channels,
    audit,
    clock,
    ...(assets ? { assetMetrics: { has: assets.hasMetric } } : {}),
    ...(deviceMetrics ? { deviceMetrics } : {}),
  });
  await alertRules.init();
  const alertRows = createAlertRepository(db);
  const alertLifecycle = createAlertLifecycle({
    alerts: alertRows,
    devices,
    models,
    bus,
    clock,
    logger,
    // An asset has no twin: its alerts' condition is rolled up by the assets module instead.
    onConditionChange: (deviceId, condition) =>
      twin.setAlertCondition(deviceId, condition).catch((err: unknown) => {
        if (!(err instanceof AppError && err.code === 'not_found')) throw err;
      }),
    ...(assets ? { assetName: assets.name, assetMetricUnit: assets.unitOf } : {}),
  });
  await alertLifecycle.init();
  const alertEvaluation = createAlertEvaluationService({
    lifecycle: alertLifecycle,
    rules: alertRules,
    devices,
    clock,
  });
  const alerts = createAlertService({
    alerts: alertRows,
    lifecycle: alertLifecycle,
    rules: alertRules,
    audit,
    clock,
    ...(assets ? { assetSubjects: (assetId: string) => subjectsUnder(assetId, assets, devices) } : {}),
  });
  subscribeAlerts({ bus, rules: alertRules, evaluation: alertEvaluation, lifecycle: alertLifecycle });
  const alertComments = createAlertCommentService({
    comments: createAlertCommentRepository(db),
    alerts,
    audit,
    clock,
  });
  return { alertRules, alertEvaluation, alerts, alertComments };
}

/** An asset's alert subjects: the assets of its subtree (rules on computed metrics) and their devices. */
async function subjectsUnder(
  assetId: string,
  assets: { subtreeIds(assetId: string): Promise<string[]> },
  devices: Pick<DevicesService, 'inAssets'>,
): Promise<string[]> {
  const subtree = await assets.subtreeIds(assetId);
  if (subtree.length === 0) throw new AppError('not_found', `no asset '${assetId}'`);
  return [...subtree, ...(await devices.inAssets(subtree)).map((d) => d.id)];
}
