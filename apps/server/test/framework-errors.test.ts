import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer } from './support/server';

describe('framework errors in our error format', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { BODY_LIMIT_BYTES: '2048' });
    token = await server.login(ADMIN.username, ADMIN.password);
  });
  afterAll(() => server.close());

  it.each(['/api/devices/%E0%A4%A', '/api/devices/%zz'])(
    'answers a malformed API URL %s with bad_request',
    async (url) => {
      const res = await server.inject({ method: 'GET', url, token });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ error: { code: 'bad_request', message: 'the URL is not valid' } });
    },
  );

  it('answers a malformed page URL with an HTML page, not raw JSON', async () => {
    const res = await server.inject({
      method: 'GET',
      url: '/devices/%E0%A4%A',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('This address is not valid');
    expect(res.body).not.toContain('FST_ERR');
  });

  it('answers a too-large body with payload_too_large', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/devices',
      token,
      payload: { name: 'x'.repeat(5000) },
    });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers a body with a wrong content type with unsupported_media_type', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/devices',
      token,
      headers: { 'content-type': 'application/xml' },
      payload: '<device/>',
    });
    expect(res.statusCode).toBe(415);
    expect((res.json() as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('words a refused field for people, not in zod terms', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/devices',
      token,
      payload: { id: 'PUMP_9', name: 'x'.repeat(121), model: 'centrifugal_pump' },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json() as { error: { message: string; fields: Record<string, string> } };
    expect(error.fields.name).toBe('at most 120 characters');
    expect(error.message).not.toMatch(/Too big|expected string/);
  });
});
