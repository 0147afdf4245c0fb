import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const PASSWORD = 'violet-harbour-Lantern-42';

describe.each(dialects)('a stored value that does not decrypt, on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    admin = await server.login(ADMIN.username, ADMIN.password);
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)(
    'is unreadable for that record only: lists and the user answer, audited and counted',
    async () => {
      const created = await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: { username: 'mallory', password: PASSWORD, email: 'mallory@plant.example', role: 'viewer' },
      });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { user: { id: number } }).user.id;
      await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: { username: 'trudy', password: PASSWORD, email: 'trudy@plant.example', role: 'viewer' },
      });

      // Flip one character of the stored token.
      const { db } = server.container.database;
      const row = await db
        .selectFrom('users')
        .select('email_enc')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const token = row.email_enc!;
      const at = Math.floor(token.length / 2);
      const flipped = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
      await db.updateTable('users').set({ email_enc: flipped }).where('id', '=', id).execute();

      const list = await server.inject({ method: 'GET', url: '/api/users', token: admin });
      expect(list.statusCode).toBe(200);
      const items = (
        list.json() as {
          items: Array<{ username: string; email: string | null; email_unreadable?: boolean }>;
        }
      ).items;
      expect(items.find((u) => u.username === 'mallory')).toMatchObject({
        email: null,
        email_unreadable: true,
      });
      expect(items.find((u) => u.username === 'trudy')?.email).toBe('trudy@plant.example');

      const one = await server.inject({ method: 'GET', url: `/api/users/${id}`, token: admin });
      expect(one.statusCode).toBe(200);
      const own = await server.login('mallory', PASSWORD);
      const whoami = await server.inject({ method: 'GET', url: '/api/whoami', token: own });
      expect(whoami.statusCode).toBe(200);
      expect(whoami.json()).toMatchObject({ username: 'mallory', email: null });

      const audit = await server.inject({
        method: 'GET',
        url: '/api/audit?action=integrity_failure',
        token: admin,
      });
      const entries = (audit.json() as { items: Array<{ target: string; outcome: string }> }).items;
      expect(entries).toEqual([expect.objectContaining({ target: `users/${id}`, outcome: 'failure' })]);

      const metrics = await server.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/dtwin_integrity_failures_total\{table="users"\} [1-9]/);
    },
  );
});
