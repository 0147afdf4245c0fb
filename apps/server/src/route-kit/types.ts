import type { Role } from '@dtwin/contracts/auth';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Principal } from '../modules/auth/auth.service';

/** The Fastify instance every route module registers on: zod schemas type the handlers. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A preHandler that lets only some roles through; everybody else gets 403, and it is audited. */
export type RoleGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a user token (login, register). Every other /api/ route needs one. */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /**
     * `preHandler: app.requireRole('admin')`. The authentication plugin decorates the app with
     * it, the audit attached once, so a route names roles and nothing else.
     */
    requireRole(...roles: [Role, ...Role[]]): RoleGuard;
  }
}
