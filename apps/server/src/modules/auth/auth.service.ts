import type { Role } from '@dtwin/contracts/auth';
import type { AccessClaims } from '../../crypto/jwt';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from '../../crypto/password';
import { AppError } from '../../lib/errors';
import { usernameKey } from '../../lib/username-key';
import type { Logger } from '../../lib/logger';
import type { AuditService } from '../audit/audit.service';
import type { Actor, UsersService } from '../users/users.service';
import type { LoginLimiter } from './login-limiter';
import type { TokenService } from './token.service';

export interface Principal {
  userId: number;
  username: string;
  role: Role;
  claims: AccessClaims;
}

interface Deps {
  users: UsersService;
  tokens: TokenService;
  limiter: LoginLimiter;
  limits: { perUser: number; perIp: number };
  audit: AuditService;
  logger: Logger;
}

/** One message for every login failure, so nobody learns which usernames exist. */
const LOGIN_FAILED = 'invalid username or password';

export function createAuthService({ users, tokens, limiter, limits, audit, logger }: Deps) {
  const limitKeys = (username: string, ip: string | null) => [
    { key: `user:${usernameKey(username)}`, max: limits.perUser },
    { key: `ip:${ip ?? 'unknown'}`, max: limits.perIp },
  ];

  /** Registration and failed logins share the limiter: every registration counts as an attempt. */
  const throttled = async (keys: Array<{ key: string; max: number }>, onLimited: () => Promise<void>) => {
    const wait = limiter.retryAfterS(keys);
    if (wait <= 0) return;
    await onLimited();
    throw new AppError('rate_limited', `too many attempts; try again in ${wait} s`, { retryAfterS: wait });
  };

  return {
    async register(
      body: { username: string; password: string; email?: string | undefined },
      actor: Actor,
      open: boolean,
    ): Promise<void> {
      const keys = limitKeys(body.username, actor.ip);
      await throttled(keys, () =>
        audit.record({
          actor: null,
          ip: actor.ip,
          action: 'register',
          target: body.username,
          outcome: 'denied',
          detail: 'rate limited',
        }),
      );
      limiter.fail(keys.map((k) => k.key));
      await users.register(body, actor, open);
    },

    async login(body: { username: string; password: string }, ip: string | null): Promise<string> {
      const keys = limitKeys(body.username, ip);
      const wait = limiter.retryAfterS(keys);
      const fail = async (reason: string) => {
        await audit.record({
          actor: body.username,
          ip,
          action: 'login',
          target: body.username,
          outcome: 'failure',
          detail: reason,
        });
      };
      if (wait > 0) {
        await fail('rate limited');
        throw new AppError('rate_limited', `too many failed logins; try again in ${wait} s`, {
          retryAfterS: wait,
        });
      }

      const user = await users.findByUsername(body.username);
      const ok = user
        ? await verifyPassword(body.password, user.password_hash)
        : (await burnPasswordCheck(body.password), false);
      if (!user || !ok || user.disabled === 1) {
        limiter.fail(keys.map((k) => k.key));
        await fail(!user ? 'unknown user' : !ok ? 'wrong password' : 'account disabled');
        throw new AppError('unauthorized', LOGIN_FAILED);
      }

      limiter.reset(keys[0]!.key);
      const id = Number(user.id);
      if (needsRehash(user.password_hash)) {
        await users.setPasswordHash(id, await hashPassword(body.password));
        logger.info({ user: user.username }, 'upgraded a legacy password hash');
      }
      await users.recordLogin(id);
      const token = await tokens.issue({ id, username: user.username });
      await audit.record({
        actor: user.username,
        ip,
        action: 'login',
        target: user.username,
        outcome: 'success',
      });
      return token;
    },

    /** Every way a bearer token can be wrong ends here as one 401. */
    async authenticate(token: string): Promise<Principal> {
      const { claims, known } = await tokens.check(token).catch(() => {
        throw new AppError('unauthorized', 'invalid or expired token');
      });
      const user = await users.findByUsername(claims.sub);
      const revokedByUserChange = user && !known && claims.iat * 1000 < user.tokens_valid_after;
      if (!user || user.disabled === 1 || revokedByUserChange) {
        throw new AppError('unauthorized', 'invalid or expired token');
      }
      return { userId: Number(user.id), username: user.username, role: user.role as Role, claims };
    },

    async logout(principal: Principal, actor: Actor): Promise<void> {
      await tokens.revoke(principal.claims, principal.userId);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'logout',
        target: principal.username,
        outcome: 'success',
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
