import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readVector } from './support/vectors';
import { dialects, startTestServer, type TestServer } from './support/server';

interface WerkzeugVector {
  desc: string;
  password: string;
  hash: string;
}

const vectors = (readVector('werkzeug.json') as { vectors: WerkzeugVector[] }).vectors;
const legacy = [
  vectors.find((v) => v.hash.startsWith('pbkdf2:sha256:600000$'))!,
  vectors.find((v) => v.hash.startsWith('sha256$'))!,
];

describe.each(dialects)('users of the original system on $name', ({ name, skip }) => {
  let server: TestServer;
  beforeEach(async () => {
    if (!skip) server = await startTestServer(name);
  });
  afterEach(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip).each(legacy.map((v) => [v.hash.split('$')[0], v] as const))(
    'log in with a %s hash, which is then upgraded to scrypt',
    async (_method, vector) => {
      const { db } = server.container.database;
      await db
        .insertInto('users')
        .values({
          username: 'olduser',
          password_hash: vector.hash,
          email_enc: null,
          role: 'operator',
          disabled: 0,
          tokens_valid_after: 0,
          created_at: Date.now(),
          last_login_at: null,
        })
        .execute();

      const wrong = await server.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: 'olduser', password: `${vector.password}x` },
      });
      expect(wrong.statusCode).toBe(401);
      const stillOld = await db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'olduser')
        .executeTakeFirstOrThrow();
      expect(stillOld.password_hash).toBe(vector.hash);

      await server.login('olduser', vector.password);
      const upgraded = await db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'olduser')
        .executeTakeFirstOrThrow();
      expect(upgraded.password_hash).toMatch(/^scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}$/);
      await server.login('olduser', vector.password);
    },
  );
});
