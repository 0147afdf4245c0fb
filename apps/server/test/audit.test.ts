import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, dialects, startTestServer, type TestServer, passwordFor } from './support/server';

interface Entry {
  actor: string | null;
  ip: string | null;
  action: string;
  target: string | null;
  outcome: string;
  ts: string;
}

describe.each(dialects)('the audit log on $name', ({ name, skip }) => {
  let server: TestServer;
  beforeEach(async () => {
    if (!skip) server = await startTestServer(name);
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'records logins, failures, registrations, user changes, logouts and denied requests — without secrets',
    async () => {
      await server.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: 'admin', password: 'wrong-password-123' },
      });
      const admin = await server.login(ADMIN.username, ADMIN.password);
      await server.inject({
        method: 'POST',
        url: '/api/register',
        payload: { username: 'newcomer', password: passwordFor('newcomer-password') },
      });
      const viewer = await server.login('newcomer', passwordFor('newcomer-password'));
      await server.inject({ method: 'GET', url: '/api/audit', token: viewer });
      await server.inject({
        method: 'GET',
        url: '/api/whoami',
        headers: { authorization: 'Bearer not.a.token' },
      });
      const created = await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: { username: 'op-1', password: passwordFor('operator-password'), role: 'operator' },
      });
      const id = (created.json() as { user: { id: number } }).user.id;
      await server.inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        token: admin,
        payload: { role: 'admin' },
      });
      await server.inject({ method: 'POST', url: '/api/logout', token: viewer });

      const res = await server.inject({ method: 'GET', url: '/api/audit?limit=100', token: admin });
      expect(res.statusCode).toBe(200);
      const { items } = res.json() as { items: Entry[] };
      const seen = items.map((e) => `${e.action}:${e.outcome}:${e.actor ?? '-'}:${e.target ?? '-'}`);
      expect(seen).toEqual(
        expect.arrayContaining([
          'login:failure:admin:admin',
          'login:success:admin:admin',
          'register:success:-:newcomer',
          'request.denied:denied:newcomer:GET /api/audit',
          'request.denied:denied:-:GET /api/whoami',
          'user.create:success:admin:op-1',
          'user.update:success:admin:op-1',
          'logout:success:newcomer:newcomer',
        ]),
      );
      for (const e of items.filter((entry) => entry.action !== 'user.bootstrap_admin')) {
        expect(e.ts).toMatch(/Z$/);
        expect(e.ip).toBeTruthy();
      }
      const raw = JSON.stringify(items);
      expect(raw).not.toContain('wrong-password-123');
      expect(raw).not.toContain(passwordFor('operator-password'));
      expect(raw).not.toContain(admin);

      const failures = await server.inject({
        method: 'GET',
        url: '/api/audit?action=login&outcome=failure',
        token: admin,
      });
      expect(
        (failures.json() as { items: Entry[] }).items.every(
          (e) => e.action === 'login' && e.outcome === 'failure',
        ),
      ).toBe(true);
    },
  );
});
