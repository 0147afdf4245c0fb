import type { Config } from '../../config';
import type { Database } from '../../db/database';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import { timeBatchWrites, type Metrics } from '../../observability/metrics';
import type { AuditService } from '../audit/audit.service';
import { createDeviceImportService } from '../devices/device-import.service';
import { createDevicesRepository } from '../devices/devices.repository';
import { createDevicesService, type AssetLookup } from '../devices/devices.service';
import { createIngestStats } from '../ingest/ingest-stats';
import { createIngestService } from '../ingest/ingest.service';
import { createModelsRepository } from '../models/models.repository';
import { createModelsService } from '../models/models.service';
import { subscribeTelemetry } from '../telemetry/telemetry.events';
import { createTelemetryRepository } from '../telemetry/telemetry.repository';
import { createTelemetryService } from '../telemetry/telemetry.service';
import { createTelemetryStorage } from '../telemetry/telemetry-storage';
import { subscribeTwin } from './twin.events';
import { createTwinRepository } from './twin.repository';
import { createTwinRow, createTwinService } from './twin.service';

/**
 * The twin side: device models, devices (tokens as keyed hashes), the telemetry store, the twins
 * and the ingestion that validates readings before handing them to the store.
 */
export async function buildTwin({
  database,
  config,
  secretKey,
  assets,
  audit,
  metrics,
  bus,
  clock,
  logger,
}: {
  database: Database;
  /** The asset hierarchy devices attach to (the assets module's directory). */
  assets: AssetLookup;
  config: Pick<Config, 'retentionRawDays'>;
  secretKey: string;
  audit: AuditService;
  metrics: Metrics;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
}) {
  const { db } = database;
  const models = createModelsService({ models: createModelsRepository(db), audit, clock });
  await models.init();
  const devices = createDevicesService({
    devices: createDevicesRepository(db),
    assets,
    createTwin: createTwinRow,
    models,
    audit,
    bus,
    clock,
    secretKey,
  });
  /** Bulk provisioning from CSV (`POST /api/devices/import`). */
  const deviceImport = createDeviceImportService({
    db,
    createTwin: createTwinRow,
    models,
    audit,
    clock,
    secretKey,
    assets,
  });
  const telemetry = createTelemetryService({
    storage: createTelemetryStorage({
      repository: timeBatchWrites(createTelemetryRepository(database), metrics),
      clock,
      logger,
      deferRollups: database.dialect === 'sqlite',
    }),
    bus,
    clock,
    logger,
    retention: { rawDays: config.retentionRawDays },
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
  return { models, devices, deviceImport, telemetry, twin, ingestStats, ingest };
}
