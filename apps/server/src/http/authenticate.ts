import type { Role } from '@dtwin/contracts/auth';
import type { FastifyRequest } from 'fastify';
import { extractBearerToken } from '../crypto/bearer-token';
import type { AuditService } from '../modules/audit/audit.service';
import type { AuthService } from '../modules/auth/auth.service';
import { sendError } from '../route-kit/error-responses';
import type { App, RoleGuard } from '../route-kit/types';
import type { RouteIndex } from './not-found';

function needsUser(request: FastifyRequest, routes: RouteIndex): boolean {
  const pattern = request.routeOptions.url;
  if (pattern !== undefined)
    return pattern.startsWith('/api/') && request.routeOptions.config.public !== true;
  // Unmatched: a known path with the wrong method gets its 405; anything else under /api/ is
  // 401 before 404, so routes cannot be probed anonymously.
  const path = request.url.split('?')[0] ?? '';
  return (path.startsWith('/api/') || path === '/api') && routes.allowedMethods(path).length === 0;
}

/**
 * Every /api/ route needs a valid access token unless it is marked public; checked before the
 * body is read. Also decorates the app with `requireRole`, so routes name roles without
 * carrying the audit service.
 */
export function registerAuthentication(
  app: App,
  { auth, audit, routes }: { auth: AuthService; audit: AuditService; routes: RouteIndex },
) {
  app.decorateRequest('principal', null);
  app.decorate('requireRole', roleGuard(audit));
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' || !needsUser(request, routes)) return;
    const header = request.headers.authorization;
    try {
      request.principal = await auth.authenticate(extractBearerToken(header));
    } catch {
      await audit.recordDenied({
        actor: null,
        ip: request.ip,
        target: `${request.method} ${request.url.split('?')[0]}`,
        detail: header ? 'invalid token' : 'no token',
      });
      return sendError(
        reply,
        'unauthorized',
        header ? 'invalid or expired token' : 'a bearer token is required',
      );
    }
  });
}

/** Builds `requireRole(...roles)`: a preHandler that lets only those roles through, and audits the rest. */
export function roleGuard(audit: Pick<AuditService, 'recordDenied'>) {
  return (...roles: [Role, ...Role[]]): RoleGuard =>
    async (request, reply) => {
      const principal = request.principal;
      if (principal && roles.includes(principal.role)) return;
      await audit.recordDenied({
        actor: principal?.username ?? null,
        ip: request.ip,
        target: `${request.method} ${request.url.split('?')[0]}`,
        detail: `needs role ${roles.join(' or ')}`,
      });
      return sendError(reply, 'forbidden', `this needs the ${roles.join(' or ')} role`);
    };
}
