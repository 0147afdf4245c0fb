import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVector } from './support/vectors';
import { startTestServer, type TestServer, passwordFor } from './support/server';

interface JwtVector {
  name: string;
  now_unix?: number;
  token_spec?: { char: string; repeat: number };
  request?: {
    endpoint: string;
    headers: Record<string, string>;
    query?: string;
    cookies?: Record<string, string>;
  };
  expected_ts: { accept: boolean | 'either'; status?: number };
}

const file = readVector('jwt.json') as { meta: { secret: string }; vectors: JwtVector[] };
const whoamiVectors = file.vectors.filter((v) => v.request?.endpoint.startsWith('GET /api/whoami'));

/**
 * The original system's tokens, replayed against our real HTTP app with its clock frozen at each
 * vector's moment. Vectors for endpoints we do not have (refresh, fresh-only) are checked at the
 * token level in crypto/jwt.test.ts.
 */
describe('tokens minted by the original system, over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { JWT_SECRET_KEY: file.meta.secret });
    const admin = await server.login('admin', 'admin-password-for-tests');
    for (const username of ['alice', 'root']) {
      const res = await server.inject({
        method: 'POST',
        url: '/api/users',
        token: admin,
        payload: {
          username,
          password: passwordFor(`${username}-password-1`),
          role: username === 'root' ? 'admin' : 'viewer',
        },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => server.close());

  it('covers most of the vector table', () => {
    expect(whoamiVectors.length).toBeGreaterThan(45);
  });

  it.each(whoamiVectors.map((v) => [v.name, v] as const))('%s', async (_name, vector) => {
    server.clock.set(vector.now_unix! * 1000);
    const headers: Record<string, string> = { ...vector.request!.headers };
    if (vector.token_spec)
      headers.Authorization = `Bearer ${vector.token_spec.char.repeat(vector.token_spec.repeat)}`;
    if (vector.request!.cookies) {
      headers.Cookie = Object.entries(vector.request!.cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
    }
    const query = vector.request!.query ? `?${vector.request!.query}` : '';
    const res = await server.inject({ method: 'GET', url: `/api/whoami${query}`, headers });

    if (vector.expected_ts.accept === 'either') {
      expect([200, 401]).toContain(res.statusCode);
    } else if (vector.expected_ts.accept) {
      expect(res.statusCode).toBe(200);
    } else {
      expect(res.statusCode).toBe(401);
      expect((res.json() as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('refuses a token of the original system once it has been logged out (reuse_after_logout)', async () => {
    const valid = file.vectors.find((v) => v.name === 'access_valid')!;
    server.clock.set(valid.now_unix! * 1000);
    const headers = valid.request!.headers;
    expect((await server.inject({ method: 'GET', url: '/api/whoami', headers })).statusCode).toBe(200);
    expect((await server.inject({ method: 'POST', url: '/api/logout', headers })).statusCode).toBe(200);
    expect((await server.inject({ method: 'GET', url: '/api/whoami', headers })).statusCode).toBe(401);
  });
});
