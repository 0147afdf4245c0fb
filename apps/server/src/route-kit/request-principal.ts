import type { FastifyRequest } from 'fastify';

/** The principal of an authenticated route; the hook guarantees it is there. */
export function principalOf(request: FastifyRequest) {
  if (!request.principal) throw new Error('route reached without authentication');
  return request.principal;
}

/** Who did it, for the audit log: the user (none on a public route) and the address. */
export function actorOf(request: FastifyRequest) {
  return { username: request.principal?.username ?? null, ip: request.ip };
}
