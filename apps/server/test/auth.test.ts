import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, dialects, startTestServer, type TestServer, passwordFor } from './support/server';

describe.each(dialects)('authentication on $name', ({ name, skip }) => {
  let server: TestServer;
  beforeEach(async () => {
    if (!skip)
      server = await startTestServer(name, {
        LOGIN_MAX_FAILURES_PER_USER: '3',
        LOGIN_MAX_FAILURES_PER_IP: '10',
      });
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('logs in, answers whoami, and logs out for good', async () => {
    const res = await server.inject({ method: 'POST', url: '/api/login', payload: ADMIN });
    expect(res.statusCode).toBe(200);
    const { access_token } = res.json() as { access_token: string };
    expect(Object.keys(res.json() as object)).toEqual(['access_token']);

    const who = await server.inject({ method: 'GET', url: '/api/whoami', token: access_token });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ username: 'admin', role: 'admin' });

    expect(
      (await server.inject({ method: 'POST', url: '/api/logout', token: access_token })).statusCode,
    ).toBe(200);
    const after = await server.inject({ method: 'GET', url: '/api/whoami', token: access_token });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it.skipIf(skip)(
    'gives the same answer for an unknown user, a wrong password and a disabled account',
    async () => {
      const admin = await server.login(ADMIN.username, ADMIN.password);
      const created = await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: { username: 'sleepy', password: passwordFor('sleepy-password-1'), role: 'operator' },
      });
      const id = (created.json() as { user: { id: number } }).user.id;
      await server.inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        token: admin,
        payload: { disabled: true },
      });

      const answers = await Promise.all(
        [
          { username: 'nobody-here', password: 'whatever-password' },
          { username: ADMIN.username, password: 'not-the-password' },
          { username: 'sleepy', password: passwordFor('sleepy-password-1') },
        ].map((payload) => server.inject({ method: 'POST', url: '/api/login', payload })),
      );
      for (const res of answers) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({
          error: { code: 'unauthorized', message: 'invalid username or password' },
        });
      }
    },
  );

  it.skipIf(skip)(
    'rate-limits failed logins per username with Retry-After, even for the right password',
    async () => {
      for (let i = 0; i < 3; i++) {
        const res = await server.inject({
          method: 'POST',
          url: '/api/login',
          payload: { username: 'admin', password: `wrong-${i}` },
        });
        expect(res.statusCode).toBe(401);
      }
      const blocked = await server.inject({ method: 'POST', url: '/api/login', payload: ADMIN });
      expect(blocked.statusCode).toBe(429);
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);

      server.clock.advance(retryAfter * 1000);
      expect((await server.inject({ method: 'POST', url: '/api/login', payload: ADMIN })).statusCode).toBe(
        200,
      );
    },
  );

  it.skipIf(skip)('rate-limits failed logins per IP across usernames', async () => {
    for (let i = 0; i < 10; i++) {
      await server.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: `user-${i}`, password: 'wrong-password' },
      });
    }
    const res = await server.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'someone-else', password: 'wrong-password' },
    });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it.skipIf(skip)('registers viewers only, whatever role the body asks for', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username: 'mallory', password: passwordFor('mallory-password'), role: 'admin' },
    });
    expect(res.statusCode).toBe(201);
    const token = await server.login('mallory', passwordFor('mallory-password'));
    const who = await server.inject({ method: 'GET', url: '/api/whoami', token });
    expect(who.json()).toMatchObject({ username: 'mallory', role: 'viewer' });
    expect((await server.inject({ method: 'GET', url: '/api/users', token })).statusCode).toBe(403);
  });

  it.skipIf(skip)('does not tell a taken username apart from success, and explains bad fields', async () => {
    const taken = await server.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username: 'admin', password: passwordFor('another-password') },
    });
    const free = await server.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username: 'free-name', password: passwordFor('another-password') },
    });
    expect(taken.statusCode).toBe(201);
    expect(taken.json()).toEqual(free.json());
    // The real admin's password still works; the taken name was not touched.
    await server.login(ADMIN.username, ADMIN.password);
    const bad = await server.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username: 'ok-name', password: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string; fields: Record<string, string> } }).error).toMatchObject({
      code: 'validation_failed',
      fields: { password: expect.stringContaining('10') },
    });
  });

  it.skipIf(skip)('revokes every token of a user whose password changes', async () => {
    const admin = await server.login(ADMIN.username, ADMIN.password);
    await server.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username: 'victor', password: passwordFor('victor-password-1') },
    });
    const first = await server.login('victor', passwordFor('victor-password-1'));
    const second = await server.login('victor', passwordFor('victor-password-1'));
    const list = await server.inject({ method: 'GET', url: '/api/users?q=victor', token: admin });
    const id = (list.json() as { items: Array<{ id: number }> }).items[0]!.id;

    await server.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      token: admin,
      payload: { password: passwordFor('victor-password-2') },
    });
    for (const token of [first, second]) {
      expect((await server.inject({ method: 'GET', url: '/api/whoami', token })).statusCode).toBe(401);
    }
    const fresh = await server.login('victor', passwordFor('victor-password-2'));
    expect((await server.inject({ method: 'GET', url: '/api/whoami', token: fresh })).statusCode).toBe(200);
  });

  it.skipIf(skip)('expires tokens after 24 hours', async () => {
    const token = await server.login(ADMIN.username, ADMIN.password);
    server.clock.advance(24 * 3600 * 1000 - 1000);
    expect((await server.inject({ method: 'GET', url: '/api/whoami', token })).statusCode).toBe(200);
    server.clock.advance(2000);
    expect((await server.inject({ method: 'GET', url: '/api/whoami', token })).statusCode).toBe(401);
  });
});

describe('registration closed', () => {
  it('refuses self-registration with 403 and says why', async () => {
    const server = await startTestServer('sqlite', { REGISTRATION: 'closed' });
    try {
      const res = await server.inject({
        method: 'POST',
        url: '/api/register',
        payload: { username: 'newbie', password: passwordFor('newbie-password') },
      });
      expect(res.statusCode).toBe(403);
      expect((res.json() as { error: { message: string } }).error.message).toMatch(/registration is closed/);
    } finally {
      await server.close();
    }
  });
});
