import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { createContainer } from '../src/container';
import { buildApp } from '../src/http/app';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/lib/logger';
import { runCli } from './support/cli';
import { ADMIN } from './support/server';
import { buildDataDb, buildUsersDb, flaskUsers, writeFlaskKey } from './import-flask-fixture';

// Each case runs the real CLI (a few seconds per start under load).
describe('dtwin import-flask', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let args: string[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-import-'));
    env = {
      NODE_ENV: 'test',
      DATA_DIR: path.join(dir, 'data'),
      ENCRYPTION_KEY_FILE: path.join(dir, 'server.key'),
      JWT_SECRET_KEY: 'test-jwt-secret-0123456789abcdef0123456789',
      SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    };
    buildUsersDb(path.join(dir, 'users.db'));
    buildDataDb(path.join(dir, 'secure_database.db'));
    args = [
      'import-flask',
      '--users-db',
      path.join(dir, 'users.db'),
      '--data-db',
      path.join(dir, 'secure_database.db'),
      '--key',
      writeFlaskKey(dir),
    ];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The server's container and app on the same configuration, as `dtwin start` would build them. */
  async function openServer() {
    const container = await createContainer({
      config: parseConfig(env),
      logger: createLogger({ level: 'silent' }),
      clock: systemClock,
    });
    await container.bootstrapAdmin();
    const app = await buildApp(container, { webDir: path.join(dir, 'no-web') });
    return {
      container,
      login: (username: string, password: string) =>
        app.inject({ method: 'POST', url: '/api/login', payload: { username, password } }),
      async close() {
        await app.close();
        await container.close();
      },
    };
  }

  it('shows what it would import in a dry run and creates nothing, not even the database', async () => {
    const result = await runCli([...args, '--dry-run'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run: nothing is changed.');
    expect(result.stdout).toContain('+ alice (operator, with e-mail)');
    expect(result.stdout).toMatch(/- mallory: the password hash is not in a werkzeug format/);
    expect(result.stdout).toMatch(/- record 9: integrity/);
    expect(result.stdout).toMatch(/- record 19: undecryptable/);
    expect(result.stdout).toContain('Would import 4 users, 1 device and 1 reading.');
    expect(fs.existsSync(env.DATA_DIR!)).toBe(false);
    expect(fs.existsSync(env.ENCRYPTION_KEY_FILE!)).toBe(false);
  });

  it('changes nothing in an existing database in a dry run', async () => {
    const server = await openServer();
    await server.close();
    const before = fs.readFileSync(path.join(env.DATA_DIR!, 'dtwin.sqlite'));
    const result = await runCli([...args, '--dry-run'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Would import 4 users');
    expect(fs.readFileSync(path.join(env.DATA_DIR!, 'dtwin.sqlite')).equals(before)).toBe(true);
    const after = await openServer();
    expect((await after.login('alice', flaskUsers[0]!.password)).statusCode).toBe(401);
    await after.close();
  });

  it('imports into the database the server uses, after which users sign in with their old passwords', async () => {
    const result = await runCli(args, env);
    expect(result.stderr).not.toContain('dtwin:'); // at most the new-key warning of a first start
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 4 users, 1 device and 1 reading.');
    expect(result.stdout).toContain('rotate them');

    const server = await openServer();
    try {
      for (const u of flaskUsers)
        expect((await server.login(u.username, u.password)).statusCode, u.username).toBe(200);
      const audit = await server.container.audit.list({ action: 'import.flask', limit: 10, offset: 0 });
      expect(audit.items).toEqual([expect.objectContaining({ actor: 'console', outcome: 'success' })]);
    } finally {
      await server.close();
    }
    // Running it again imports no user twice.
    const again = await runCli(args, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      'Imported 0 users, 0 devices and 0 readings (1 reading was already stored).',
    );
  });

  it('stops with a clear message for a wrong key or a file that is not the original database', async () => {
    const wrongKey = path.join(dir, 'other.key');
    fs.writeFileSync(wrongKey, 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=');
    const wrong = await runCli([...args.slice(0, -1), wrongKey], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^dtwin: the key decrypts none of the \d+ encrypted values/);

    const notUsers = await runCli(
      ['import-flask', '--users-db', path.join(dir, 'secure_database.db'), '--key', writeFlaskKey(dir)],
      env,
    );
    expect(notUsers.code).toBe(1);
    expect(notUsers.stderr).toMatch(/^dtwin: the original database has no users table/);

    const missing = await runCli(
      ['import-flask', '--users-db', path.join(dir, 'nope.db'), '--key', writeFlaskKey(dir)],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^dtwin: .*nope\.db does not exist/);
    expect(fs.existsSync(path.join(env.DATA_DIR!, 'dtwin.sqlite'))).toBe(false);
  });
});
