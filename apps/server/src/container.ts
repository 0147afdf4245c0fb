import crypto from 'node:crypto';
import type { Config } from './config';
import { resolveSecrets } from './boot/secrets';
import { openDatabase, type Database } from './db/database';
import { migrateToLatest } from './db/migrate';
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
import { subscribeTelemetry } from './modules/telemetry/telemetry.events';
import { createTelemetryRepository } from './modules/telemetry/telemetry.repository';
import { createTelemetryService } from './modules/telemetry/telemetry.service';
import { subscribeTwin } from './modules/twin/twin.events';
import { createTwinRepository } from './modules/twin/twin.repository';
import { createTwinService } from './modules/twin/twin.service';
import { createUsersRepository } from './modules/users/users.repository';
import { createUsersService } from './modules/users/users.service';

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

    const audit = createAuditService({ audit: createAuditRepository(db), clock, logger });
    const tokens = createTokenService({
      tokens: createAccessTokenRepository(db),
      secret: secrets.jwtSecret,
      clock,
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
      models,
      audit,
      bus,
      clock,
      secretKey: secrets.secretKey,
    });
    const telemetry = createTelemetryService({
      repository: createTelemetryRepository(database),
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
      /** Creates the first admin when none exists; returns a generated password to print once. */
      bootstrapAdmin: () =>
        users.ensureAdmin(config.admin, () => crypto.randomBytes(18).toString('base64url')),
      /** Stops accepting work, writes what is buffered, closes the database. */
      async close() {
        await telemetry.close();
        await twin.flush();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
