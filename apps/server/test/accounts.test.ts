import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, dialects, passwordFor, startTestServer, type TestServer } from './support/server';

const STRONG = passwordFor('accounts');

describe.each(dialects)(
  'accounts: registration, unique names and e-mails, password policy on $name',
  ({ name, skip }) => {
    let server: TestServer;
    let admin: string;
    beforeEach(async () => {
      if (skip) return;
      server = await startTestServer(name, {
        LOGIN_MAX_FAILURES_PER_IP: '8',
        LOGIN_MAX_FAILURES_PER_USER: '10',
      });
      admin = await server.login(ADMIN.username, ADMIN.password);
    });
    afterEach(async () => {
      if (!skip) await server.close();
    });
    const register = (payload: object) => server.inject({ method: 'POST', url: '/api/register', payload });
    const login = (username: string, password: string) =>
      server.inject({ method: 'POST', url: '/api/login', payload: { username, password } });

    it.skipIf(skip)('treats user names alike whatever their case or Unicode form', async () => {
      for (const variant of ['Admin', 'ADMIN', 'Ａｄｍｉｎ']) {
        const res = await register({ username: variant, password: STRONG });
        expect(res.statusCode, variant).toBe(201);
        expect((await login(variant, STRONG)).statusCode, variant).toBe(401);
      }
      // One account: signing in as ADMIN is the admin.
      const res = await login('ADMIN', ADMIN.password);
      expect(res.statusCode).toBe(200);
      const token = (res.json() as { access_token: string }).access_token;
      expect((await server.inject({ method: 'GET', url: '/api/whoami', token })).json()).toMatchObject({
        username: 'admin',
        role: 'admin',
      });
      const created = await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: { username: 'ADMIN', password: STRONG, role: 'viewer' },
      });
      expect(created.statusCode).toBe(409);
    });

    it.skipIf(skip)('keeps e-mails unique without saying so to a stranger', async () => {
      expect(
        (await register({ username: 'first-user', password: STRONG, email: 'shared@plant.example' }))
          .statusCode,
      ).toBe(201);
      const second = await register({
        username: 'second-user',
        password: STRONG,
        email: 'Shared@Plant.example',
      });
      expect(second.statusCode).toBe(201);
      expect((await login('first-user', STRONG)).statusCode).toBe(200);
      expect((await login('second-user', STRONG)).statusCode).toBe(401);
      const byAdmin = await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: { username: 'third-user', password: STRONG, email: 'shared@plant.example', role: 'viewer' },
      });
      expect(byAdmin.statusCode).toBe(409);
      expect(byAdmin.json()).toMatchObject({ error: { fields: { email: 'is taken' } } });
    });

    it.skipIf(skip)(
      'limits registrations and failed logins together per address, with Retry-After',
      async () => {
        for (let i = 0; i < 4; i++)
          expect((await register({ username: `bulk-${i}`, password: STRONG })).statusCode).toBe(201);
        for (let i = 0; i < 4; i++)
          expect((await login(`nobody-${i}`, 'wrong-password-1')).statusCode).toBe(401);
        const limited = await register({ username: 'bulk-9', password: STRONG });
        expect(limited.statusCode).toBe(429);
        expect(limited.headers['retry-after']).toBeDefined();
        expect((await login('bulk-0', STRONG)).statusCode).toBe(429);
        // After the window, both work again.
        server.clock.advance(16 * 60_000);
        expect((await login('bulk-0', STRONG)).statusCode).toBe(200);
      },
    );

    it.skipIf(skip)(
      'refuses weak passwords with 400 weak_password and the reason, everywhere one is set',
      async () => {
        const weak = [
          ['password123', /common/],
          ['qwertyuiop', /common|guess/],
          ['aaaaaaaaaa', /guess/],
          ['newperson-2024', /user name/],
        ] as const;
        for (const [password, reason] of weak) {
          const res = await register({ username: 'newperson', password });
          expect(res.statusCode, password).toBe(400);
          const { error } = res.json() as { error: { code: string; fields: { password: string } } };
          expect(error.code).toBe('weak_password');
          expect(error.fields.password).toMatch(reason);
        }
        const create = await server.inject({
          method: 'POST',
          url: '/api/users',
          token: admin,
          payload: { username: 'op-9', password: '1234567890', role: 'operator' },
        });
        expect(create.json()).toMatchObject({ error: { code: 'weak_password' } });
        const created = await server.inject({
          method: 'POST',
          url: '/api/users',
          token: admin,
          payload: { username: 'op-9', password: STRONG, role: 'operator' },
        });
        const id = (created.json() as { user: { id: number } }).user.id;
        const reset = await server.inject({
          method: 'PATCH',
          url: `/api/users/${id}`,
          token: admin,
          payload: { password: 'Password1234' },
        });
        expect(reset.statusCode).toBe(400);
        expect(reset.json()).toMatchObject({ error: { code: 'weak_password' } });
        expect((await login('op-9', STRONG)).statusCode).toBe(200);
      },
    );
  },
);
