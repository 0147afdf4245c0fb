import {
  createUserBodySchema,
  updateUserBodySchema,
  userIdParamsSchema,
  userListQuerySchema,
  userListSchema,
  userResponseSchema,
} from '@dtwin/contracts/users';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { UsersService } from './users.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerUsersRoutes(app: App, { users }: { users: UsersService }) {
  const adminOnly = app.requireRole('admin');

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
