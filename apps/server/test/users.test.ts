import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, dialects, startTestServer, type TestServer, passwordFor } from './support/server';

describe.each(dialects)('user administration on $name', ({ name, skip }) => {
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

  const create = (body: object) =>
    server.inject({ method: 'POST', url: '/api/users', token: admin, payload: body });

  it.skipIf(skip)('creates users with roles, lists, searches and pages them', async () => {
    for (const [username, role] of [
      ['op-1', 'operator'],
      ['op-2', 'operator'],
      ['view-1', 'viewer'],
    ] as const) {
      expect(
        (await create({ username, password: passwordFor(`${username}-password`), role })).statusCode,
      ).toBe(201);
    }
    const ops = await server.inject({ method: 'GET', url: '/api/users?role=operator', token: admin });
    expect((ops.json() as { total: number }).total).toBe(2);
    const search = await server.inject({
      method: 'GET',
      url: '/api/users?q=OP-&limit=1&offset=1',
      token: admin,
    });
    const page = search.json() as { items: Array<{ username: string }>; total: number };
    expect(page.total).toBe(2);
    expect(page.items.map((u) => u.username)).toEqual(['op-2']);
    const literal = await server.inject({ method: 'GET', url: '/api/users?q=%25', token: admin });
    expect((literal.json() as { total: number }).total).toBe(0);
  });

  it.skipIf(skip)('stores e-mail encrypted at rest and shows it decrypted to admins', async () => {
    const res = await create({
      username: 'mailer',
      password: passwordFor('mailer-password'),
      email: 'mailer@plant.example',
      role: 'viewer',
    });
    expect((res.json() as { user: { email: string } }).user.email).toBe('mailer@plant.example');
    const row = await server.container.database.db
      .selectFrom('users')
      .select('email_enc')
      .where('username', '=', 'mailer')
      .executeTakeFirstOrThrow();
    expect(row.email_enc).toMatch(/^gAAAAA/);
    expect(row.email_enc).not.toContain('mailer@');
  });

  it.skipIf(skip)('changes roles so the new role takes effect on the next request', async () => {
    const created = await create({
      username: 'promoted',
      password: passwordFor('promoted-password'),
      role: 'viewer',
    });
    const id = (created.json() as { user: { id: number } }).user.id;
    const token = await server.login('promoted', passwordFor('promoted-password'));
    expect((await server.inject({ method: 'GET', url: '/api/users', token })).statusCode).toBe(403);
    await server.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      token: admin,
      payload: { role: 'admin' },
    });
    expect((await server.inject({ method: 'GET', url: '/api/users', token })).statusCode).toBe(200);
  });

  it.skipIf(skip)('disabling a user ends their sessions at once', async () => {
    const created = await create({
      username: 'leaver',
      password: passwordFor('leaver-password'),
      role: 'operator',
    });
    const id = (created.json() as { user: { id: number } }).user.id;
    const token = await server.login('leaver', passwordFor('leaver-password'));
    const res = await server.inject({
      method: 'PATCH',
      url: `/api/users/${id}`,
      token: admin,
      payload: { disabled: true },
    });
    expect((res.json() as { user: { disabled: boolean } }).user.disabled).toBe(true);
    expect((await server.inject({ method: 'GET', url: '/api/whoami', token })).statusCode).toBe(401);
  });

  it.skipIf(skip)('refuses to demote or disable the last admin', async () => {
    const me = await server.inject({ method: 'GET', url: '/api/whoami', token: admin });
    const id = (me.json() as { id: number }).id;
    for (const payload of [{ role: 'viewer' }, { disabled: true }]) {
      const res = await server.inject({ method: 'PATCH', url: `/api/users/${id}`, token: admin, payload });
      expect(res.statusCode).toBe(409);
    }
  });

  it.skipIf(skip)('lets only admins manage users', async () => {
    await create({ username: 'operator-1', password: passwordFor('operator-password'), role: 'operator' });
    const token = await server.login('operator-1', passwordFor('operator-password'));
    expect((await server.inject({ method: 'GET', url: '/api/users', token })).statusCode).toBe(403);
    const res = await server.inject({
      method: 'POST',
      url: '/api/users',
      token,
      payload: { username: 'sneaky', password: passwordFor('sneaky-password'), role: 'admin' },
    });
    expect(res.statusCode).toBe(403);
    expect((await server.inject({ method: 'GET', url: '/api/users/1', token: admin })).statusCode).toBe(200);
    expect((await server.inject({ method: 'GET', url: '/api/users/999', token: admin })).statusCode).toBe(
      404,
    );
  });
});
