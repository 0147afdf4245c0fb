import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { migrationStatus } from '../../db/migrate';
import { createJobQueue } from '../../jobs/job-queue';
import { createJobRepository } from '../../jobs/job.repository';
import { createJobRunner } from '../../jobs/job-runner';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { Metrics } from '../../observability/metrics';
import { createRuntimeStatus } from '../../observability/runtime-status';
import { serverVersion } from '../../observability/version';
import type { AlertService } from '../alerts/alert.service';
import { anomalyJobHandlers } from '../anomaly/anomaly.jobs';
import type { AnomalyBaselines } from '../anomaly/anomaly-baselines.service';
import type { AuditService } from '../audit/audit.service';
import { createExportService } from '../exports/export.service';
import { reportJobHandlers } from '../reports/report.jobs';
import { createReportRepository } from '../reports/report.repository';
import type { ReportSources } from '../reports/report-sources';
import { createReportService } from '../reports/report.service';
import { createReportScheduleRepository } from '../reports/report-schedule.repository';
import { createReportScheduleService, type ScheduleMailer } from '../reports/report-schedule.service';
import { createSystemRepository } from '../system/system.repository';
import { createSystemService } from '../system/system.service';
import { telemetryJobHandlers } from '../telemetry/telemetry.jobs';
import type { TelemetryService } from '../telemetry/telemetry.service';
import type { DevicesService } from '../devices/devices.service';
import { jobSpecs } from './job-specs';
import { jobsJobHandlers } from './jobs.jobs';

/**
 * Background work and what operators read about the process: the job queue (in the database;
 * processes with the `worker` role run it) with every module's job handlers, reports, exports,
 * and the system status behind /readyz and /api/system.
 */
export function buildOperations(d: {
  database: Database;
  config: Pick<Config, 'roles'>;
  devices: DevicesService;
  telemetry: TelemetryService;
  alerts: Pick<AlertService, 'list'>;
  /** What a report reads besides devices, models, history and alerts. */
  analytics: Pick<
    ReportSources,
    'health' | 'predictions' | 'recommendations' | 'models' | 'events' | 'assets' | 'computedMetrics'
  >;
  /** Whether an asset exists (schedules narrowed to one check it). */
  assetExists: (assetId: string) => Promise<boolean>;
  anomalyBaselines: Pick<AnomalyBaselines, 'refresh'>;
  audit: AuditService;
  /** Mails scheduled reports through an e-mail channel. */
  reportMailer: ScheduleMailer;
  metrics: Pick<Metrics, 'observeJob'>;
  clock: Clock;
  logger: Logger;
}) {
  const { database, devices, telemetry, audit, clock, logger } = d;
  const jobRows = createJobRepository(database);
  const jobs = createJobQueue({ jobs: jobRows, clock, specs: jobSpecs });
  const runtimeStatus = createRuntimeStatus();
  const system = createSystemService({
    repository: createSystemRepository(database),
    dialect: database.dialect,
    migrations: () => migrationStatus(database),
    jobs,
    runtime: runtimeStatus,
    storageFault: () => telemetry.storageFault,
    roles: [...d.config.roles],
    version: serverVersion,
    logger,
  });
  const reports = createReportService({
    reports: createReportRepository(database.db),
    jobs,
    audit,
    clock,
    sources: { ...d.analytics, devices, history: telemetry.history, alerts: d.alerts.list },
  });
  const reportSchedules = createReportScheduleService({
    schedules: createReportScheduleRepository(database.db),
    reports,
    jobs,
    mailer: d.reportMailer,
    devices,
    assetExists: d.assetExists,
    audit,
    clock,
  });
  const exports = createExportService({
    telemetry,
    deviceExists: devices.get,
    subtreeDevices: devices.idsInSubtree,
    clock,
  });
  const jobRunner = createJobRunner({
    jobs: jobRows,
    specs: jobSpecs,
    clock,
    logger,
    onFinished: d.metrics.observeJob,
    handlers: {
      ...reportJobHandlers({ reports, schedules: reportSchedules }),
      ...telemetryJobHandlers({ telemetry }),
      ...anomalyJobHandlers({ baselines: d.anomalyBaselines }),
      ...jobsJobHandlers({ jobs, reports, audit }),
    },
  });
  jobs.onEnqueued(jobRunner.wake);
  return { jobs, jobRunner, runtimeStatus, system, reports, reportSchedules, exports };
}
