import crypto from 'node:crypto';
import { buildAnalytics, listenAnalytics } from './analytics/build-analytics';
import { resolveSecrets } from './boot/secrets';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { migrateToLatest } from './db/migrate';
import type { Clock } from './lib/clock';
import type { DomainEvents } from './lib/domain-events';
import { createEventBus } from './lib/event-bus';
import type { Logger } from './lib/logger';
import { buildAlerting } from './modules/alerts/build-alerting';
import { buildComputedMetrics } from './modules/computed-metrics/build-computed-metrics';
import { createAssetDirectory } from './modules/assets/asset-directory';
import { createAssetsRepository } from './modules/assets/assets.repository';
import { createAssetsService } from './modules/assets/assets.service';
import { createReportScheduleRepository } from './modules/reports/report-schedule.repository';
import { buildConnectors } from './modules/connectors/build-connectors';
import { createDeviceEventsRepository } from './modules/device-events/device-events.repository';
import { createDeviceEventsService } from './modules/device-events/device-events.service';
import { createCommandsRepository } from './modules/commands/commands.repository';
import { createCommandsService } from './modules/commands/commands.service';
import { buildAccess } from './modules/auth/build-access';
import { initialAdminPasswordFile } from './boot/initial-admin-password';
import { createDashboardService } from './modules/dashboard/dashboard.service';
import { createDashboardsRepository } from './modules/dashboards/dashboards.repository';
import { createDashboardsService } from './modules/dashboards/dashboards.service';
import { buildOperations } from './modules/jobs/build-operations';
import { createKeysRepository } from './modules/keys/keys.repository';
import { createKeysService } from './modules/keys/keys.service';
import { createPresenceRepository } from './modules/presence/presence.repository';
import { createServerPresence } from './modules/presence/server-presence';
import { buildNotifications } from './modules/notifications/build-notifications';
import { buildTwin } from './modules/twin/build-twin';
import { createMetrics } from './observability/metrics';
import { serverVersion } from './observability/version';

export interface ContainerOptions {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Tests pass a database of their own (SQLite in a temporary folder, a PostgreSQL schema). */
  database?: Database;
}

/**
 * The composition root: everything is built here, in order, in plain sight. Each area has a
 * `build…()` beside its modules (access, twin, notifications, alerting, analytics, operations)
 * that makes their repositories and services; this file passes each what it uses.
 */
export async function createContainer({ config, logger, clock, database: given }: ContainerOptions) {
  let lastConnectionLog = 0;
  const database =
    given ??
    openDatabase({
      ...config,
      // Logged at most every 10 s: a restart ends every pooled connection at once.
      onError: (err) => {
        if (Date.now() - lastConnectionLog < 10_000) return;
        lastConnectionLog = Date.now();
        logger.warn({ err }, 'lost a database connection; the next query reconnects');
      },
    });
  const { db } = database;
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');

    // Refuses to start with a key that does not decrypt what is stored (SPEC §3.4).
    const keys = createKeysService({
      keys: createKeysRepository(db),
      keyFile: config.encryptionKeyFile,
      logger,
    });
    const keyring = await keys.open({
      allowGenerate: !config.production,
      strictPermissions: config.production,
    });
    const secrets = resolveSecrets(config, logger);
    const bus = createEventBus<DomainEvents>((event, err) =>
      logger.error({ err, event }, 'an event handler failed'),
    );
    const metrics = createMetrics({ version: serverVersion });

    const initialAdmin = initialAdminPasswordFile(config.dataDir);
    const access = buildAccess({
      db,
      config,
      keyring,
      jwtSecret: secrets.jwtSecret,
      secretKey: secrets.secretKey,
      bus,
      clock,
      logger,
      countIntegrityFailure: metrics.integrityFailure,
      onPasswordChanged: (username) => initialAdmin.forget(username),
    });
    const { audit } = access;
    const emails = await access.users.backfillEmailHashes();
    if (emails.duplicates > 0)
      logger.warn(
        { accounts: emails.duplicates },
        'some accounts share an e-mail with an older account; new accounts can no longer reuse one',
      );
    const assetsRepository = createAssetsRepository(db);
    const assetDirectory = createAssetDirectory(assetsRepository);
    const twinSide = await buildTwin({
      database,
      config,
      secretKey: secrets.secretKey,
      assets: assetDirectory,
      audit,
      metrics,
      bus,
      clock,
      logger,
    });
    const { models, devices, telemetry, twin } = twinSide;
    const deviceEventsRepository = createDeviceEventsRepository(db);
    const deviceEvents = createDeviceEventsService({
      events: deviceEventsRepository,
      devices,
      audit,
      bus,
      clock,
    });
    // Connectors (Modbus TCP, Sparkplug B, OPC UA) feed the same ingestion as MQTT and HTTP.
    const connecting = buildConnectors({
      db,
      keyring,
      audit,
      devices,
      models,
      twin,
      ingest: twinSide.ingest,
      bus,
      clock,
      logger,
      backoff: config.connectorBackoff,
      dataDir: config.dataDir,
    });
    const commands = createCommandsService({
      commands: createCommandsRepository(db),
      devices,
      models,
      connectorOf: connecting.connectors.connectorOf,
      audit,
      bus,
      clock,
      newId: () => crypto.randomUUID(),
    });
    const notifying = buildNotifications({
      db,
      keyring,
      audit,
      bus,
      clock,
      logger,
      allowPrivateWebhooks: config.allowPrivateWebhooks,
    });
    // Before alerting: rules may watch an asset's or a device's computed metric.
    const computed = await buildComputedMetrics({
      db,
      assets: { find: (id) => assetsRepository.get(id), links: assetDirectory.links },
      devices,
      twin,
      models,
      audit,
      bus,
      clock,
    });
    const alerting = await buildAlerting({
      db,
      channels: notifying.channels,
      audit,
      devices,
      models,
      twin,
      bus,
      clock,
      logger,
      assets: {
        hasMetric: computed.computedMetrics.has,
        name: async (id) => (await assetsRepository.get(id))?.name,
        subtreeIds: assetDirectory.subtreeIds,
        unitOf: computed.computedMetrics.unitOf,
      },
      deviceMetrics: computed.deviceComputedMetrics,
    });
    const { alerts } = alerting;

    // Analytics read the history through the telemetry service and signal the alert rules.
    const analytics = buildAnalytics({
      db,
      telemetry,
      devices,
      models,
      twin,
      alerts,
      alertEvaluation: alerting.alertEvaluation,
      audit,
      bus,
      clock,
      logger,
      healthWeights: config.healthWeights,
      deviceEvents,
      scoring: {
        // Readings are committed (and scored) where ingest runs; health and predictions are
        // recomputed where the worker role runs.
        thread:
          config.analytics.thread && (config.roles.has('ingest') || config.roles.has('worker'))
            ? database.connection
            : undefined,
        maxQueuedReadings: config.analytics.maxQueuedReadings,
        maxQueuedComputations: config.analytics.maxQueuedComputations,
      },
    });
    listenAnalytics(bus, analytics.models);
    const { health, predictions, patterns, recommendations } = analytics;
    const dashboard = createDashboardService({
      devices,
      models,
      health,
      recommendations,
      alerts,
      compute: analytics.compute.run,
      clock,
      pricePerKwh: config.energyPricePerKwh,
    });
    const assets = createAssetsService({
      assets: assetsRepository,
      directory: assetDirectory,
      devices,
      health,
      alerts,
      schedulesOf: createReportScheduleRepository(db).namesForAsset,
      audit,
      bus,
      clock,
    });
    const dashboards = createDashboardsService({
      dashboards: createDashboardsRepository(db),
      audit,
      clock,
      newId: () => crypto.randomBytes(9).toString('base64url'),
    });

    const operations = buildOperations({
      database,
      config,
      devices,
      telemetry,
      alerts,
      analytics: {
        models,
        health: { get: health.get, history: health.history },
        predictions: predictions.get,
        events: deviceEvents.list,
        recommendations: recommendations.list,
        assets: { get: assets.get },
        computedMetrics: computed.computedMetrics.periodSummary,
      },
      assetExists: assetDirectory.exists,
      anomalyBaselines: analytics.anomalyBaselines,
      audit,
      reportMailer: notifying.reportMailer,
      metrics,
      clock,
      logger,
    });

    bus.on('alert.raised', ({ alert }) => metrics.alertRaised(alert.severity));
    metrics.setSources({
      ingest: twinSide.ingestStats.totals,
      telemetryQueuedRows: () => telemetry.queuedRows,
      jobs: operations.jobs.depth,
      openAlerts: alerts.openCounts,
      mqttClients: () => operations.runtimeStatus.broker?.clients() ?? null,
      anomalyScoringSeconds: analytics.anomalyScoring.busySeconds,
      analyticsQueuedReadings: analytics.scoringQueue.queued,
      analyticsSkippedReadings: analytics.scoringQueue.skipped,
      analyticsQueuedComputations: analytics.compute.queued,
      analyticsSkippedComputations: analytics.compute.skipped,
    });

    return {
      config,
      logger,
      clock,
      database,
      bus,
      keyring,
      keys,
      /** Which servers run on this database (`dtwin start` marks itself; rotate-key checks). */
      presence: createServerPresence({ repository: createPresenceRepository(db), clock }),
      metrics,
      ...access,
      ...twinSide,
      ...notifying,
      /** Connectors: `connectorRuntime` is started by the runtime in `ingest` processes. */
      ...connecting,
      /** Also `alertEvaluation.evaluate(deviceId, signal, value, ts)`: derived signals to the rules. */
      ...alerting,
      /** Every analytics model, for the runtime to schedule (worker role). */
      analytics: analytics.models,
      health,
      predictions,
      /** The fleet RUL models per device model (learnt from recorded failures). */
      fleetRul: analytics.fleetRul,
      patterns,
      recommendations,
      /** The detector's scores per device (fed by `anomaly.scored`), for the reliability component. */
      anomalyRate: analytics.anomalyRate,
      /** The detector's context per device (what it re-baselined after), for the device page. */
      anomalyScoring: analytics.anomalyScoring,
      dashboard,
      /** The maintenance log (failures, repairs…) that the fleet RUL models learn from. */
      deviceEvents,
      /** Commands to devices (`/api/devices/{id}/commands`), delivered by the MQTT side or HTTP polls. */
      commands,
      /** Dashboards people build (`/api/dashboards`). */
      dashboards,
      /** The plant's hierarchy (`/api/assets`); `subtreeDeviceIds` for whatever reads a subtree. */
      assets,
      /**
       * Assets' and devices' computed metrics (`/api/assets/{id}/metrics`, `/api/devices/{id}/metrics`);
       * the evaluator's `tick` runs every second.
       */
      ...computed,
      /** Jobs (`jobRunner` is started by the runtime in `worker` processes), reports, exports, status. */
      ...operations,
      /** Creates the first admin when none exists; returns a generated password to print once. */
      bootstrapAdmin: () =>
        access.users.ensureAdmin(config.admin, () => crypto.randomBytes(18).toString('base64url')),
      /** Stops accepting work, writes what is buffered, closes the database. */
      async close() {
        await connecting.connectorRuntime.stop();
        await telemetry.close();
        await analytics.scoringQueue.idle();
        await analytics.anomalyScoring.close();
        await access.audit.flushDenied(true);
        await twin.flush();
        await notifying.notifications.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
