import { installFriendlyMessages } from '@dtwin/contracts/messages';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../container';
import { registerAlertRulesRoutes } from '../modules/alerts/alert-rules.routes';
import { registerAlertsRoutes } from '../modules/alerts/alerts.routes';
import { registerAssetsRoutes } from '../modules/assets/assets.routes';
import { registerAuditRoutes } from '../modules/audit/audit.routes';
import { registerAuthRoutes } from '../modules/auth/auth.routes';
import { registerConnectorToolsRoutes } from '../modules/connectors/connector-tools.routes';
import { registerConnectorsRoutes } from '../modules/connectors/connectors.routes';
import { registerDevicesRoutes } from '../modules/devices/devices.routes';
import { registerIngestRoutes } from '../modules/ingest/ingest.routes';
import { registerModelsRoutes } from '../modules/models/models.routes';
import { registerChannelsRoutes } from '../modules/notifications/channels.routes';
import { registerNotificationsRoutes } from '../modules/notifications/notifications.routes';
import { registerTelemetryRoutes } from '../modules/telemetry/telemetry.routes';
import { registerTwinRoutes } from '../modules/twin/twin.routes';
import { registerUsersRoutes } from '../modules/users/users.routes';
import { registerJobsRoutes } from '../modules/jobs/jobs.routes';
import { registerExportRoutes } from '../modules/exports/export.routes';
import { registerReportRoutes } from '../modules/reports/report.routes';
import { registerReportScheduleRoutes } from '../modules/reports/report-schedule.routes';
import { registerMetricsRoutes } from '../modules/system/metrics.routes';
import {
  registerLivenessRoute,
  registerReadinessRoute,
  registerSystemRoutes,
} from '../modules/system/system.routes';
import { registerAuthentication } from './authenticate';
import { registerDashboardRoutes } from '../modules/dashboard/dashboard.routes';
import { registerDashboardsRoutes } from '../modules/dashboards/dashboards.routes';
import { registerDeviceHealthRoutes } from '../modules/health/health.routes';
import { registerAnomalyRoutes } from '../modules/anomaly/anomaly.routes';
import { registerPatternsRoutes } from '../modules/patterns/patterns.routes';
import { registerPredictionsRoutes } from '../modules/predictions/predictions.routes';
import { registerDeviceEventsRoutes } from '../modules/device-events/device-events.routes';
import { registerComputedMetricsRoutes } from '../modules/computed-metrics/computed-metrics.routes';
import { registerDeviceComputedMetricsRoutes } from '../modules/computed-metrics/device-computed-metrics.routes';
import { registerCommandsRoutes } from '../modules/commands/commands.routes';
import { registerDeviceImportRoutes } from '../modules/devices/device-import.routes';
import { registerCommandIngestRoutes } from '../modules/commands/commands-ingest.routes';
import { registerRecommendationsRoutes } from '../modules/recommendations/recommendations.routes';
import { registerDocs } from './docs';
import { registerErrorHandler } from './error-handler';
import { frameworkErrors } from './framework-errors';
import { registerNotFound } from './not-found';
import { registerSecurity } from './security';
import type { App } from '../route-kit/types';
import { defaultWebDir, registerWeb } from './web';

/** Builds the HTTP app without listening, so tests drive it with `inject`. */
export async function buildApp(c: Container, options: { webDir?: string } = {}): Promise<App> {
  // 400s word their problems for people ("at most 120 characters"), like the web app's forms.
  installFriendlyMessages();
  const app = Fastify({
    loggerInstance: c.logger as FastifyBaseLogger,
    bodyLimit: c.config.bodyLimitBytes,
    trustProxy: c.config.trustProxy,
    return503OnClosing: true,
    frameworkErrors,
    // Every request at info drowned the log (and the first start's banner); they go at debug.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  registerErrorHandler(app);
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  await registerSecurity(app, { corsOrigins: c.config.corsOrigins });
  // JSON only: a text/plain body is 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  // ROLES: `api` serves the REST API, its document and the web UI; `ingest` the HTTP ingestion
  // (beside MQTT, see runtime.ts); every process answers liveness, readiness and metrics.
  const { roles } = c.config;
  const serveApi = roles.has('api');
  const routes = registerNotFound(
    app,
    serveApi ? await registerWeb(app, options.webDir ?? defaultWebDir) : undefined,
  );
  registerLivenessRoute(app);
  registerReadinessRoute(app, c);
  registerMetricsRoutes(app, { metrics: c.metrics, token: c.config.metricsToken });
  if (roles.has('ingest')) {
    registerIngestRoutes(app, { ingest: c.ingest, devices: c.devices, stats: c.ingestStats });
    registerCommandIngestRoutes(app, c);
  }
  if (serveApi) {
    await registerDocs(app);
    registerAuthentication(app, { auth: c.auth, audit: c.audit, routes });
    registerApiRoutes(app, c);
  }

  await app.ready();
  return app;
}

function registerApiRoutes(app: App, c: Container) {
  registerSystemRoutes(app, c);
  registerJobsRoutes(app, c);
  registerReportRoutes(app, c);
  registerReportScheduleRoutes(app, c);
  registerExportRoutes(app, c);
  registerAuthRoutes(app, { auth: c.auth, users: c.users, registrationOpen: c.config.registrationOpen });
  registerUsersRoutes(app, c);
  registerAuditRoutes(app, c);
  registerModelsRoutes(app, c);
  registerDevicesRoutes(app, c);
  registerDeviceImportRoutes(app, c);
  registerAssetsRoutes(app, c);
  registerTwinRoutes(app, c);
  registerAlertRulesRoutes(app, c);
  registerAlertsRoutes(app, c);
  registerChannelsRoutes(app, c);
  registerNotificationsRoutes(app, c);
  registerDeviceHealthRoutes(app, c);
  registerAnomalyRoutes(app, c);
  registerPredictionsRoutes(app, c);
  registerDeviceEventsRoutes(app, c);
  registerCommandsRoutes(app, c);
  registerPatternsRoutes(app, c);
  registerRecommendationsRoutes(app, c);
  registerDashboardRoutes(app, c);
  registerDashboardsRoutes(app, c);
  registerTelemetryRoutes(app, c);
  registerComputedMetricsRoutes(app, c);
  registerDeviceComputedMetricsRoutes(app, c);
  registerConnectorsRoutes(app, c);
  registerConnectorToolsRoutes(app, c);
}
