import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, migrateUpTo } from '../src/db/migrate';
import { createUsersRepository } from '../src/modules/users/users.repository';
import { dialects, openTestDatabase } from './support/server';

describe.each(dialects)('migration 008 (unique accounts) on $name', ({ name, skip }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-m008-'));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.skipIf(skip)('keeps accounts that differ only in case, each signing in by its exact name', async () => {
    const database = await openTestDatabase(name, dir);
    try {
      await migrateUpTo(database, '007-rollup-pending');
      const user = (username: string, created: number) => ({
        username,
        password_hash: `scrypt:32768:8:1$${crypto.randomBytes(4).toString('hex')}$00`,
        email_enc: null,
        role: 'viewer',
        disabled: 0,
        tokens_valid_after: 0,
        created_at: created,
        last_login_at: null,
      });
      // Before 008 these were three accounts; the table had no key columns yet.
      const raw = database.db as unknown as Kysely<Record<string, object>>;
      for (const [i, n] of ['Operator', 'operator', 'OPERATOR'].entries())
        await raw.insertInto('users').values(user(n, i)).execute();

      await migrateToLatest(database);
      const users = createUsersRepository(database.db);
      const ids = async (n: string) => Number((await users.findByUsername(n))?.id);
      const [oldest, second, third] = [await ids('Operator'), await ids('operator'), await ids('OPERATOR')];
      expect(new Set([oldest, second, third]).size).toBe(3);
      // Any other spelling finds the oldest; a new account of that name is refused.
      expect(await ids('oPeRaToR')).toBe(oldest);
      expect(await users.usernameTaken('ＯＰＥＲＡＴＯＲ')).toBe(true);
      await expect(
        raw
          .insertInto('users')
          .values({ ...user('x', 9), username_key: 'operator' })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await database.close();
      await database.drop();
    }
  });
});
