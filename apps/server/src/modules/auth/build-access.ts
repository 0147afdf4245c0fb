import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config';
import type { Keyring } from '../../crypto/fernet';
import type { Tables } from '../../db/tables';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import { createAuditRepository } from '../audit/audit.repository';
import { createAuditService } from '../audit/audit.service';
import { createIntegrityReporter } from '../audit/integrity-reporter';
import { createUsersRepository } from '../users/users.repository';
import { createPasswordEstimator } from '../users/password-strength';
import { createUsersService } from '../users/users.service';
import { createAccessTokenRepository } from './access-token.repository';
import { createAuthService } from './auth.service';
import { createLoginLimiter } from './login-limiter';
import { createTokenService } from './token.service';

/** Who may do what: the audit log, access tokens, users (e-mails encrypted) and logins. */
export function buildAccess({
  db,
  config,
  keyring,
  jwtSecret,
  secretKey,
  bus,
  clock,
  logger,
  countIntegrityFailure,
  onPasswordChanged,
}: {
  db: Kysely<Tables>;
  config: Pick<Config, 'loginLimits' | 'auditLimits'>;
  keyring: Keyring;
  jwtSecret: string;
  /** Keys the e-mail hashes (uniqueness without a readable copy). */
  secretKey: string;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  countIntegrityFailure: (table: string) => void;
  onPasswordChanged?: (username: string) => void;
}) {
  const audit = createAuditService({
    audit: createAuditRepository(db),
    clock,
    logger,
    limits: config.auditLimits,
  });
  const tokens = createTokenService({
    tokens: createAccessTokenRepository(db),
    secret: jwtSecret,
    clock,
    bus,
  });
  const integrity = createIntegrityReporter({ audit, countFailure: countIntegrityFailure, logger });
  const users = createUsersService({
    users: createUsersRepository(db),
    encryption: keyring,
    tokens,
    audit,
    integrity,
    passwordEstimator: createPasswordEstimator(),
    emailHash: (email) =>
      crypto
        .createHmac('sha256', secretKey)
        .update(email.trim().normalize('NFKC').toLowerCase())
        .digest('hex'),
    clock,
    ...(onPasswordChanged ? { onPasswordChanged } : {}),
  });
  const limiter = createLoginLimiter({ clock, windowMs: config.loginLimits.windowMs });
  const auth = createAuthService({ users, tokens, limiter, limits: config.loginLimits, audit, logger });
  return { audit, integrity, tokens, users, auth };
}
