import crypto from 'node:crypto';
import type { Config } from './config';
import { resolveSecrets } from './boot/secrets';
import { openDatabase, type Database } from './db/database';
import { migrateToLatest } from './db/migrate';
import type { Clock } from './lib/clock';
import type { Logger } from './lib/logger';
import { createAuditRepository } from './modules/audit/audit.repository';
import { createAuditService } from './modules/audit/audit.service';
import { createAccessTokenRepository } from './modules/auth/access-token.repository';
import { createAuthService } from './modules/auth/auth.service';
import { createLoginLimiter } from './modules/auth/login-limiter';
import { createTokenService } from './modules/auth/token.service';
import { createKeysRepository } from './modules/keys/keys.repository';
import { createKeysService } from './modules/keys/keys.service';
import { createUsersRepository } from './modules/users/users.repository';
import { createUsersService } from './modules/users/users.service';

export interface ContainerOptions {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Tests pass a database of their own (SQLite in memory, a PostgreSQL schema). */
  database?: Database;
}

/** The composition root: everything is built here, in order, in plain sight. */
export async function createContainer({ config, logger, clock, database: given }: ContainerOptions) {
  const database = given ?? openDatabase(config);
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');

    const keys = createKeysService({
      keys: createKeysRepository(database.db),
      keyFile: config.encryptionKeyFile,
      logger,
    });
    const keyring = await keys.open({ allowGenerate: !config.production });
    const secrets = resolveSecrets(config, logger);

    const audit = createAuditService({ audit: createAuditRepository(database.db), clock, logger });
    const tokens = createTokenService({
      tokens: createAccessTokenRepository(database.db),
      secret: secrets.jwtSecret,
      clock,
    });
    const users = createUsersService({
      users: createUsersRepository(database.db),
      encryption: keyring,
      tokens,
      audit,
      clock,
    });
    const limiter = createLoginLimiter({ clock, windowMs: config.loginLimits.windowMs });
    const auth = createAuthService({ users, tokens, limiter, limits: config.loginLimits, audit, logger });

    return {
      config,
      logger,
      clock,
      database,
      keyring,
      keys,
      audit,
      tokens,
      users,
      auth,
      /** Creates the first admin when none exists; returns a generated password to print once. */
      bootstrapAdmin: () =>
        users.ensureAdmin(config.admin, () => crypto.randomBytes(18).toString('base64url')),
      close: () => database.close(),
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

export type Container = Awaited<ReturnType<typeof createContainer>>;
