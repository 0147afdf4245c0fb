import { errorBodySchema } from '@dtwin/contracts/errors';
import {
  createUserBodySchema,
  updateUserBodySchema,
  userIdParamsSchema,
  userListQuerySchema,
  userListSchema,
  userResponseSchema,
} from '@dtwin/contracts/users';
import { actorOf, requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from '../audit/audit.service';
import type { UsersService } from './users.service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export function registerUsersRoutes(
  app: App,
  { users, audit }: { users: UsersService; audit: AuditService },
) {
  const adminOnly = requireRole(audit, 'admin');

  app.get(
    '/api/users',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'List users',
        querystring: userListQuerySchema,
        response: { 200: userListSchema, ...errors },
      },
    },
    async (request) => users.list(request.query),
  );

  app.post(
    '/api/users',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'Create a user with a role',
        body: createUserBodySchema,
        response: { 201: userResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ user: await users.create(request.body, actorOf(request)) }),
  );

  app.get(
    '/api/users/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: userIdParamsSchema,
        response: { 200: userResponseSchema, ...errors },
      },
    },
    async (request) => ({ user: await users.get(request.params.id) }),
  );

  app.patch(
    '/api/users/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags: ['users'],
        summary:
          'Change role, disable, reset password or e-mail (revokes tokens on password change and disable)',
        params: userIdParamsSchema,
        body: updateUserBodySchema,
        response: { 200: userResponseSchema, ...errors },
      },
    },
    async (request) => ({ user: await users.update(request.params.id, request.body, actorOf(request)) }),
  );
}
