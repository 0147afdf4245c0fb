import { signAccessToken, TokenError, verifyAccessToken, type AccessClaims } from '../../crypto/jwt';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { AccessTokenRepository } from './access-token.repository';

export const ACCESS_TOKEN_TTL_S = 24 * 60 * 60;

/** Issues, checks and revokes access tokens; who the subject is, is the auth service's business. */
export function createTokenService({
  tokens,
  secret,
  clock,
  bus,
}: {
  tokens: AccessTokenRepository;
  secret: string;
  clock: Clock;
  /** Told after a revocation commits, so open sockets of the token or user are closed. */
  bus: EventBus<DomainEvents>;
}) {
  const nowS = () => Math.floor(clock.now() / 1000);

  return {
    async issue(user: { id: number; username: string }): Promise<string> {
      const { token, jti, exp } = signAccessToken({
        secret,
        subject: user.username,
        now: nowS(),
        expiresInS: ACCESS_TOKEN_TTL_S,
      });
      await tokens.insert({
        jti,
        user_id: user.id,
        username: user.username,
        expires_at: exp * 1000,
        revoked_at: null,
      });
      return token;
    },

    /**
     * Verifies signature and claims, then the denylist. `known` says whether this server issued
     * the token (a token minted by the original system with the same secret is valid but unknown).
     */
    async check(token: string): Promise<{ claims: AccessClaims; known: boolean }> {
      const claims = verifyAccessToken(token, { secret, now: nowS() });
      const row = await tokens.find(claims.jti);
      if (row?.revoked_at != null) throw new TokenError('revoked', 'token has been revoked');
      return { claims, known: row !== undefined };
    },

    async revoke(claims: AccessClaims, userId: number | null): Promise<void> {
      await tokens.revoke({
        jti: claims.jti,
        user_id: userId,
        username: claims.sub,
        expires_at: claims.exp * 1000,
        revoked_at: clock.now(),
      });
      await bus.emit('auth.token_revoked', { jti: claims.jti });
    },

    async revokeAllForUser(userId: number): Promise<void> {
      await tokens.revokeAllForUser(userId, clock.now());
      await bus.emit('auth.user_revoked', { userId });
    },

    /** Expired tokens are rejected by their `exp` anyway; their rows are only kept until then. */
    pruneExpired: () => tokens.deleteExpired(clock.now()),
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
