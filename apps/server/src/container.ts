import crypto from 'node:crypto';
import type { Config } from './config';
import { resolveSecrets } from './boot/secrets';
import { buildAlerting } from './build-alerting';
import { openDatabase, type Database } from './db/database';
import { migrateToLatest, migrationStatus } from './db/migrate';
import { createJobQueue } from './jobs/job-queue';
import { createJobRepository } from './jobs/job.repository';
import { createJobRunner } from './jobs/job-runner';
import type { Clock } from './lib/clock';
import type { DomainEvents } from './lib/domain-events';
import { createEventBus } from './lib/event-bus';
import type { Logger } from './lib/logger';
import { createAuditRepository } from './modules/audit/audit.repository';
import { createAuditService } from './modules/audit/audit.service';
import { createAccessTokenRepository } from './modules/auth/access-token.repository';
import { createAuthService } from './modules/auth/auth.service';
import { createLoginLimiter } from './modules/auth/login-limiter';
import { createTokenService } from './modules/auth/token.service';
import { createDevicesRepository } from './modules/devices/devices.repository';
import { createDevicesService } from './modules/devices/devices.service';
import { createIngestStats } from './modules/ingest/ingest-stats';
import { createIngestService } from './modules/ingest/ingest.service';
import { createKeysRepository } from './modules/keys/keys.repository';
import { createKeysService } from './modules/keys/keys.service';
import { createModelsRepository } from './modules/models/models.repository';
import { createModelsService } from './modules/models/models.service';
import { createExportRepository } from './modules/exports/export.repository';
import { createExportService } from './modules/exports/export.service';
import { createReportRepository } from './modules/reports/report.repository';
import { createReportService } from './modules/reports/report.service';
import { createSystemRepository } from './modules/system/system.repository';
import { createSystemService } from './modules/system/system.service';
import { createMetrics, timeBatchWrites } from './observability/metrics';
import { createRuntimeStatus } from './observability/runtime-status';
import { serverVersion } from './observability/version';
import { subscribeTelemetry } from './modules/telemetry/telemetry.events';
import { createTelemetryRepository } from './modules/telemetry/telemetry.repository';
import { createTelemetryService } from './modules/telemetry/telemetry.service';
import { subscribeTwin } from './modules/twin/twin.events';
import { createTwinRepository } from './modules/twin/twin.repository';
import { createTwinRow, createTwinService } from './modules/twin/twin.service';
import { createUsersRepository } from './modules/users/users.repository';
import { createUsersService } from './modules/users/users.service';
import { createDashboardService } from './modules/dashboard/dashboard.service';
import { createAnomalyRate } from './modules/health/anomaly-rate';
import { subscribeAnomaly } from './modules/anomaly/anomaly.events';
import { createAnomalyBaselineRepository } from './modules/anomaly/anomaly-baseline.repository';
import { createAnomalyBaselines } from './modules/anomaly/anomaly-baselines.service';
import { createAnomalyScoring } from './modules/anomaly/anomaly-scoring';
import { subscribeHealth } from './modules/health/health.events';
import { createHealthRepository } from './modules/health/health.repository';
import { createHealthService } from './modules/health/health.service';
import { createSeriesReader } from './modules/health/series-reader';
import { createPatternsService } from './modules/patterns/patterns.service';
import { subscribePredictions } from './modules/predictions/predictions.events';
import { createPredictionsRepository } from './modules/predictions/predictions.repository';
import { createPredictionsService } from './modules/predictions/predictions.service';
import { subscribeRecommendations } from './modules/recommendations/recommendations.events';
import { createRecommendationsRepository } from './modules/recommendations/recommendations.repository';
import { createRecommendationsService } from './modules/recommendations/recommendations.service';

export interface ContainerOptions {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Tests pass a database of their own (SQLite in a temporary folder, a PostgreSQL schema). */
  database?: Database;
}

/** The composition root: everything is built here, in order, in plain sight. */
export async function createContainer({ config, logger, clock, database: given }: ContainerOptions) {
  const database = given ?? openDatabase(config);
  const { db } = database;
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');

    const keys = createKeysService({
      keys: createKeysRepository(db),
      keyFile: config.encryptionKeyFile,
      logger,
    });
    const keyring = await keys.open({ allowGenerate: !config.production });
    const secrets = resolveSecrets(config, logger);
    const bus = createEventBus<DomainEvents>((event, err) =>
      logger.error({ err, event }, 'an event handler failed'),
    );
    const metrics = createMetrics({ version: serverVersion });

    const audit = createAuditService({ audit: createAuditRepository(db), clock, logger });
    const tokens = createTokenService({
      tokens: createAccessTokenRepository(db),
      secret: secrets.jwtSecret,
      clock,
      bus,
    });
    const users = createUsersService({
      users: createUsersRepository(db),
      encryption: keyring,
      tokens,
      audit,
      clock,
    });
    const limiter = createLoginLimiter({ clock, windowMs: config.loginLimits.windowMs });
    const auth = createAuthService({ users, tokens, limiter, limits: config.loginLimits, audit, logger });

    const models = createModelsService({ models: createModelsRepository(db), audit, clock });
    await models.init();
    const devices = createDevicesService({
      devices: createDevicesRepository(db),
      createTwin: createTwinRow,
      models,
      audit,
      bus,
      clock,
      secretKey: secrets.secretKey,
    });
    const telemetry = createTelemetryService({
      repository: timeBatchWrites(createTelemetryRepository(database), metrics),
      bus,
      clock,
      logger,
      retention: { rawDays: config.retentionRawDays },
      deferRollups: database.dialect === 'sqlite',
    });
    subscribeTelemetry({ bus, telemetry });
    const twin = createTwinService({ twins: createTwinRepository(db), devices, models, audit, bus, clock });
    subscribeTwin({ bus, twin });
    const ingestStats = createIngestStats({ logger, now: () => clock.now() });
    const ingest = createIngestService({
      telemetry,
      twin,
      models,
      stats: ingestStats,
      clock,
      retentionRawDays: config.retentionRawDays,
    });

    // Alerts and notifications: rules run on every stored reading; the twin shows the condition
    // of the device's alerts.
    const { channels, notifications, alertRules, alertEvaluation, alerts } = await buildAlerting({
      db,
      keyring,
      audit,
      devices,
      models,
      twin,
      bus,
      clock,
      logger,
    });

    // Analytics: health, failure predictions, patterns, recommendations and the dashboard read the
    // history through the telemetry service; the worker role recomputes them (runtime.ts).
    const reader = createSeriesReader({ telemetry });
    const predictions = createPredictionsService({
      repository: createPredictionsRepository(db),
      devices,
      models,
      reader,
      bus,
      clock,
      logger,
    });
    // Health scores and failure probabilities are signals the built-in alert rules watch.
    const signal = (deviceId: string, name: string, value: number, ts: number) =>
      alertEvaluation.evaluate(deviceId, name, value, ts);
    subscribePredictions({ bus, predictions, signal });
    const anomalyRate = createAnomalyRate();
    const health = createHealthService({
      repository: createHealthRepository(db),
      devices,
      models,
      twin,
      reader,
      degradationOf: predictions.degradationOf,
      anomalyRate,
      bus,
      clock,
      logger,
      weights: config.healthWeights,
    });
    subscribeHealth({ bus, health, anomalyRate, signal });
    const anomalyBaselines = createAnomalyBaselines({
      repository: createAnomalyBaselineRepository(db),
      devices,
      models,
      reader,
      clock,
      logger,
    });
    const anomalyScoring = createAnomalyScoring({
      metricsOf: async (deviceId) => {
        const model = await devices.modelOf(deviceId);
        return model === undefined ? undefined : models.find(model)?.metrics.map((m) => m.name);
      },
      baselineOf: anomalyBaselines.stateOf,
    });
    subscribeAnomaly({ bus, scoring: anomalyScoring, signal });
    const patterns = createPatternsService({ devices, models, reader, clock });
    const recommendations = createRecommendationsService({
      repository: createRecommendationsRepository(db),
      devices,
      models,
      healthOf: (id) => health.find(id),
      predictionsOf: predictions.get,
      patternsOf: (id) => patterns.get(id),
      activeAlerts: async (id) =>
        (
          await alerts.list({ state: ['active', 'acknowledged'], device_id: id, limit: 100, offset: 0 })
        ).items.map((a) => ({
          id: a.id,
          metric: a.metric,
          severity: a.severity,
          rule_name: a.rule_name,
          message: a.message,
        })),
      audit,
      bus,
      clock,
      logger,
    });
    subscribeRecommendations({ bus, recommendations });
    const dashboard = createDashboardService({
      devices,
      models,
      health,
      recommendations,
      reader,
      recentAlerts: async (limit) =>
        (await alerts.list({ limit, offset: 0 })).items.map((a) => ({
          id: a.id,
          device_id: a.device_id,
          severity: a.severity,
          state: a.state,
          title: a.message,
          ts: a.started_at,
        })),
      clock,
      pricePerKwh: config.energyPricePerKwh,
    });

    // Background jobs (one queue in the database; ROLES=worker processes run them), reports,
    // exports, and what /metrics, /readyz and /api/system report.
    const jobRows = createJobRepository(database);
    const jobs = createJobQueue({ jobs: jobRows, clock });
    const runtimeStatus = createRuntimeStatus();
    const system = createSystemService({
      repository: createSystemRepository(database),
      dialect: database.dialect,
      migrations: () => migrationStatus(database),
      jobs,
      runtime: runtimeStatus,
      roles: [...config.roles],
      version: serverVersion,
      logger,
    });
    const reports = createReportService({
      reports: createReportRepository(db),
      jobs,
      audit,
      clock,
      sources: {
        devices,
        models,
        history: telemetry.history,
        alerts: alerts.list,
        health: { get: health.get, history: health.history },
        predictions: predictions.get,
        recommendations: recommendations.list,
      },
    });
    const exports = createExportService({
      repository: createExportRepository(db),
      deviceExists: devices.get,
      writeRollups: telemetry.writeRollups,
      clock,
    });
    const jobRunner = createJobRunner({
      jobs: jobRows,
      clock,
      logger,
      onFinished: metrics.observeJob,
      handlers: {
        'report.generate': (ctx) => reports.generate(ctx),
        'telemetry.retention': () => telemetry.applyRetention(),
        'analytics.baselines': (ctx) => anomalyBaselines.refresh(ctx),
        'telemetry.compact': () => system.maintainTelemetryStorage(),
        'jobs.prune': async () => ({
          jobs: await jobs.prune(7 * 86_400_000),
          reports: await reports.prune(90 * 86_400_000),
        }),
      },
    });
    jobs.onEnqueued(jobRunner.wake);
    bus.on('alert.raised', ({ alert }) => metrics.alertRaised(alert.severity));
    metrics.setSources({
      ingest: ingestStats.totals,
      telemetryQueuedRows: () => telemetry.queuedRows,
      jobs: jobs.depth,
      openAlerts: async () => {
        const open = {
          state: ['active', 'acknowledged', 'shelved'] as Array<'active' | 'acknowledged' | 'shelved'>,
          limit: 1,
          offset: 0,
        };
        const counts: Record<string, number> = {};
        for (const severity of ['info', 'warning', 'critical'] as const)
          counts[severity] = (await alerts.list({ ...open, severity })).total;
        return counts;
      },
      mqttClients: () => runtimeStatus.broker?.clients() ?? null,
    });

    return {
      config,
      logger,
      clock,
      database,
      bus,
      keyring,
      keys,
      audit,
      tokens,
      users,
      auth,
      models,
      devices,
      telemetry,
      twin,
      ingestStats,
      ingest,
      alertRules,
      alerts,
      /** `evaluate(deviceId, signal, value, ts)` feeds derived signals (anomaly_score…) to the rules. */
      alertEvaluation,
      channels,
      notifications,
      metrics,
      runtimeStatus,
      system,
      jobs,
      /** Runs jobs; started by the runtime in processes with the `worker` role. */
      jobRunner,
      reports,
      exports,
      health,
      predictions,
      patterns,
      recommendations,
      dashboard,
      /** The detector's scores per device (fed by `anomaly.scored`), for the reliability component. */
      anomalyRate,
      /** Creates the first admin when none exists; returns a generated password to print once. */
      bootstrapAdmin: () =>
        users.ensureAdmin(config.admin, () => crypto.randomBytes(18).toString('base64url')),
      /** Stops accepting work, writes what is buffered, closes the database. */
      async close() {
        await telemetry.close();
        await twin.flush();
        await notifications.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
