import {
  loginBodySchema,
  loginResponseSchema,
  registerBodySchema,
  registerResponseSchema,
  whoamiSchema,
} from '@dtwin/contracts/auth';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf, principalOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { UsersService } from '../users/users.service';
import type { AuthService } from './auth.service';

const errors = errorResponses(400, 401, 403, 409, 429);

export function registerAuthRoutes(
  app: App,
  { auth, users, registrationOpen }: { auth: AuthService; users: UsersService; registrationOpen: boolean },
) {
  app.post(
    '/api/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a username and password for an access token',
        body: loginBodySchema,
        response: { 200: loginResponseSchema, ...errors },
      },
    },
    async (request) => ({ access_token: await auth.login(request.body, request.ip) }),
  );

  app.post(
    '/api/register',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Create a viewer account (when registration is open)',
        body: registerBodySchema,
        response: { 201: registerResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      await auth.register(request.body, actorOf(request), registrationOpen);
      return reply.status(201).send({
        ok: true as const,
        message: 'If the user name and e-mail were free, the account was created: sign in to use it.',
      });
    },
  );

  app.post(
    '/api/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke the token of this request',
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      await auth.logout(principalOf(request), actorOf(request));
      return { ok: true as const };
    },
  );

  app.get(
    '/api/whoami',
    {
      schema: {
        tags: ['auth'],
        summary: 'The user behind the token',
        response: { 200: whoamiSchema, ...errors },
      },
    },
    async (request) => {
      const user = await users.get(principalOf(request).userId);
      return { id: user.id, username: user.username, role: user.role, email: user.email };
    },
  );
}
