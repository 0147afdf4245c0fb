import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { createContainer } from '../src/container';
import { fernetDecrypt, generateFernetKey, parseFernetKey } from '../src/crypto/fernet';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/lib/logger';
import { writeKeyFile } from '../src/modules/keys/key-file';
import { dialects, openTestDatabase, passwordFor } from './support/server';

const logger = createLogger({ level: 'silent' });

describe.each(dialects)('encryption keys on $name', ({ name, skip }) => {
  let dir: string;
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const keyFile = () => path.join(dir, 'config', 'encryption.key');
  const config = (env: Record<string, string> = {}) =>
    parseConfig({
      NODE_ENV: 'development',
      DATA_DIR: dir,
      ENCRYPTION_KEY_FILE: keyFile(),
      JWT_SECRET_KEY: 'x'.repeat(32),
      SECRET_KEY: 'y'.repeat(32),
      ...env,
    });
  // Each start opens the same database again, as a restarted server would.
  const start = async (env: Record<string, string> = {}) => {
    const c = await createContainer({
      config: config(env),
      logger,
      clock: systemClock,
      database: { ...database, close: async () => {} },
    });
    return c;
  };

  beforeEach(async () => {
    if (skip) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-keys-'));
    database = await openTestDatabase(name, dir);
  });
  afterEach(async () => {
    if (skip) return;
    await database.close();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('creates a key file (0600) for a new database in development, and reuses it', async () => {
    await start();
    expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
    const first = fs.readFileSync(keyFile(), 'utf8');
    await start();
    expect(fs.readFileSync(keyFile(), 'utf8')).toBe(first);
  });

  it.skipIf(skip)('refuses to start in production without a key file', async () => {
    await expect(start({ NODE_ENV: 'production' })).rejects.toThrow(
      /encryption key file .* is missing; create it with `dtwin keygen`/,
    );
    expect(fs.existsSync(keyFile())).toBe(false);
  });

  it.skipIf(skip)('never makes a new key for a database that holds encrypted data', async () => {
    await start();
    fs.rmSync(keyFile());
    await expect(start()).rejects.toThrow(/is missing, but the database holds data encrypted/);
    expect(fs.existsSync(keyFile())).toBe(false);
  });

  it.skipIf(skip)('refuses a wrong key in every mode and names the key file', async () => {
    await start();
    fs.rmSync(keyFile());
    writeKeyFile(keyFile(), [generateFernetKey()], { overwrite: false });
    await expect(start()).rejects.toThrow(
      `the encryption key in ${keyFile()} does not match the stored data`,
    );
  });

  it.skipIf(skip)('refuses a malformed or unreadable key file with a clear message', async () => {
    fs.mkdirSync(path.dirname(keyFile()), { recursive: true });
    fs.writeFileSync(keyFile(), 'not-a-fernet-key\n', { mode: 0o600 });
    await expect(start()).rejects.toThrow(/is malformed/);
  });

  it.skipIf(skip)('accepts a key file with several keys and a trailing newline', async () => {
    const current = generateFernetKey();
    writeKeyFile(keyFile(), [current, generateFernetKey()], { overwrite: false });
    const c = await start();
    const token = c.keyring.encrypt('hello');
    expect(fernetDecrypt(parseFernetKey(current), token).toString()).toBe('hello');
  });

  it.skipIf(skip)(
    'rotates: every encrypted value moves to a new key and the old key is dropped',
    async () => {
      const c = await start();
      await c.users.create(
        {
          username: 'mailer',
          password: passwordFor('mailer-password'),
          email: 'mailer@plant.example',
          role: 'viewer',
        },
        { username: 'test', ip: null },
      );
      const oldKey = fs.readFileSync(keyFile(), 'utf8').trim();

      const result = await c.keys.rotate();
      expect(result).toEqual({ reencrypted: 1, droppedKeys: 1 });
      const lines = fs.readFileSync(keyFile(), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toBe(oldKey);
      expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);

      const row = await database.db
        .selectFrom('users')
        .select('email_enc')
        .where('username', '=', 'mailer')
        .executeTakeFirstOrThrow();
      expect(() => fernetDecrypt(parseFernetKey(oldKey), row.email_enc!)).toThrow();
      const restarted = await start();
      const user = await restarted.users.findByUsername('mailer');
      expect(restarted.users.toUser(user!).email).toBe('mailer@plant.example');
    },
  );
});
