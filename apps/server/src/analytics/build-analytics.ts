import type { Kysely } from 'kysely';
import type { Connection } from '../db/database';
import type { Tables } from '../db/tables';
import type { Clock } from '../lib/clock';
import type { DomainEvents, EventBus } from '../lib/domain-events';
import type { Logger } from '../lib/logger';
import type { AlertEvaluationService } from '../modules/alerts/alert-evaluation.service';
import type { AlertService } from '../modules/alerts/alert.service';
import { anomalyAnalytics } from '../modules/anomaly/anomaly.analytics';
import { createAnomalyBaselineRepository } from '../modules/anomaly/anomaly-baseline.repository';
import { createAnomalyBaselines } from '../modules/anomaly/anomaly-baselines.service';
import { createAnomalyScoring, type AnomalyScore } from '../modules/anomaly/anomaly-scoring';
import { createAnomalyScoringThread, ThreadUnavailable } from '../modules/anomaly/anomaly-scoring-thread';
import type { AuditService } from '../modules/audit/audit.service';
import type { DeviceEventsService } from '../modules/device-events/device-events.service';
import type { DevicesService } from '../modules/devices/devices.service';
import { createFleetRulRepository } from '../modules/fleet-rul/fleet-rul.repository';
import { createFleetRulService } from '../modules/fleet-rul/fleet-rul.service';
import { createAnomalyRate } from '../modules/health/anomaly-rate';
import { healthAnalytics } from '../modules/health/health.analytics';
import { createHealthRepository } from '../modules/health/health.repository';
import { createHealthService } from '../modules/health/health.service';
import type { HealthWeights } from '../modules/health/health-score';
import type { ModelsService } from '../modules/models/models.service';
import { patternsAnalytics } from '../modules/patterns/patterns.analytics';
import { createPatternsService } from '../modules/patterns/patterns.service';
import { predictionsAnalytics } from '../modules/predictions/predictions.analytics';
import { createPredictionsRepository } from '../modules/predictions/predictions.repository';
import { createPredictionsService } from '../modules/predictions/predictions.service';
import { recommendationsAnalytics } from '../modules/recommendations/recommendations.analytics';
import { createRecommendationsRepository } from '../modules/recommendations/recommendations.repository';
import { createRecommendationsService } from '../modules/recommendations/recommendations.service';
import type { TelemetryService } from '../modules/telemetry/telemetry.service';
import type { TwinService } from '../modules/twin/twin.service';
import type { AnalyticsModel, SignalSink } from './analytics-model';
import { createAnalyticsCompute } from './analytics-compute';
import { createAnalyticsQueue } from './analytics-queue';
import { createComputeTasks, runTaskOf, seriesReadBy, type RunTask } from './compute-tasks';
import { createSeriesReader } from './series-reader';

export interface AnalyticsDeps {
  db: Kysely<Tables>;
  telemetry: Pick<TelemetryService, 'history' | 'settle'>;
  devices: DevicesService;
  models: ModelsService;
  twin: TwinService;
  alerts: Pick<AlertService, 'list'>;
  /** Where the models' signals go: the alert rules. */
  alertEvaluation: Pick<AlertEvaluationService, 'evaluate'>;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  healthWeights: HealthWeights;
  /** The maintenance log the fleet RUL models learn from. */
  deviceEvents: DeviceEventsService;
  /**
   * With a connection, anomaly scoring and the heavy computations of health and predictions run
   * on a thread of their own that opens it (without, in this thread); at most `maxQueuedReadings`
   * wait to be scored and `maxQueuedComputations` to be computed.
   */
  scoring: { thread?: Connection | undefined; maxQueuedReadings: number; maxQueuedComputations: number };
}

/**
 * The analytics: every model reads the history through the telemetry service (never its tables),
 * sends its signals to the alert rules, and is registered in `models`, which the container
 * subscribes to the bus and the runtime schedules (worker role). To add a model: build it here and
 * add it to the list.
 */
export function buildAnalytics(d: AnalyticsDeps) {
  const { db, devices, models, bus, clock, logger } = d;
  const reader = createSeriesReader({ telemetry: d.telemetry });
  const signal: SignalSink = (deviceId, name, value, ts) =>
    d.alertEvaluation.evaluate(deviceId, name, value, ts);
  const thread = d.scoring.thread
    ? createAnomalyScoringThread({ connection: d.scoring.thread, logger })
    : undefined;
  // Health, predictions, patterns and the dashboard's aggregation are computed on the thread
  // (its connection reads the history, once what this process holds of those rollups is
  // written), or here with the same code.
  const local = createComputeTasks(reader);
  const onThread: RunTask | undefined = thread
    ? async (task, input) => {
        await d.telemetry.settle(seriesReadBy(task, input));
        try {
          return await thread.compute(task, input);
        } catch (err) {
          // While the thread is down (it starts again after a few seconds), here.
          if (err instanceof ThreadUnavailable) return runTaskOf(local)(task, input);
          throw err;
        }
      }
    : undefined;
  const compute = createAnalyticsCompute({
    run: onThread ?? runTaskOf(local),
    maxQueued: d.scoring.maxQueuedComputations,
  });

  const fleetRul = createFleetRulService({
    repository: createFleetRulRepository(db),
    events: d.deviceEvents,
    devices,
    models,
    reader,
    clock,
    logger,
  });
  const predictions = createPredictionsService({
    repository: createPredictionsRepository(db),
    devices,
    models,
    compute: compute.run,
    // The thread forgets a device's caches with its scoring state (the anomaly model's forget).
    forgetComputed: thread ? () => {} : local.forget,
    bus,
    clock,
    logger,
    fleet: fleetRul,
  });
  const anomalyRate = createAnomalyRate();
  const health = createHealthService({
    repository: createHealthRepository(db),
    devices,
    models,
    twin: d.twin,
    compute: compute.run,
    bus,
    clock,
    logger,
    degradationOf: predictions.degradationOf,
    anomalyRate,
    weights: d.healthWeights,
  });
  const anomalyBaselines = createAnomalyBaselines({
    repository: createAnomalyBaselineRepository(db),
    devices,
    models,
    reader,
    clock,
    logger,
  });
  const anomalyScoring = thread
    ? thread
    : Object.assign(
        createAnomalyScoring({
          metricsOf: async (deviceId) => {
            const model = await devices.modelOf(deviceId);
            return model === undefined ? undefined : models.find(model)?.metrics.map((m) => m.name);
          },
          baselineOf: anomalyBaselines.stateOf,
        }),
        { ready: async () => {}, close: async () => {} },
      );
  const scoringQueue = createAnalyticsQueue<AnomalyScore[]>({
    maxQueued: d.scoring.maxQueuedReadings,
    onError: (err) => logger.error({ err }, 'anomaly scoring failed'),
  });
  const patterns = createPatternsService({ devices, models, compute: compute.run, clock });
  const recommendations = createRecommendationsService({
    repository: createRecommendationsRepository(db),
    devices,
    models,
    alerts: d.alerts,
    audit: d.audit,
    bus,
    clock,
    logger,
    healthOf: (id) => health.find(id),
    predictionsOf: predictions.get,
    patternsOf: (id) => patterns.get(id),
  });

  const list: AnalyticsModel[] = [
    anomalyAnalytics({ scoring: anomalyScoring, queue: scoringQueue, signal, clock }),
    healthAnalytics({ health, anomalyRate, signal }),
    predictionsAnalytics({ predictions, signal }),
    patternsAnalytics({ patterns }),
    recommendationsAnalytics({ recommendations }),
  ];
  return {
    models: list,
    reader,
    predictions,
    fleetRul,
    health,
    anomalyRate,
    anomalyBaselines,
    anomalyScoring,
    /** Readings waiting to be scored, and those skipped because too many were. */
    scoringQueue,
    /** Health and prediction computations waiting or running, and those skipped because too many were. */
    compute,
    patterns,
    recommendations,
  };
}

/** Subscribes every model to the bus; a deleted device is forgotten by all of them. */
export function listenAnalytics(bus: EventBus<DomainEvents>, models: readonly AnalyticsModel[]) {
  return [
    ...models.flatMap((m) => m.listen(bus)),
    bus.on('device.deleted', ({ deviceId }) => models.forEach((m) => m.forget(deviceId))),
  ];
}

export type Analytics = ReturnType<typeof buildAnalytics>;
