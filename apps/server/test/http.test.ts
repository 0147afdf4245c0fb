import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestServer, type TestServer, passwordFor } from './support/server';

describe('the HTTP surface', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite', {
      CORS_ALLOWED_ORIGINS: 'https://dashboard.plant.example',
      BODY_LIMIT_BYTES: '2048',
    });
    token = await server.login(ADMIN.username, ADMIN.password);
  });
  afterAll(() => server.close());

  it.each([
    ['GET', '/api/users'],
    ['GET', '/api/audit'],
    ['GET', '/api/whoami'],
    ['POST', '/api/logout'],
    ['GET', '/api/docs'],
    ['GET', '/api/no-such-route'],
  ])('%s %s without a token is 401', async (method, url) => {
    const res = await server.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: 'a bearer token is required' } });
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    const missing = await server.inject({ method: 'GET', url: '/api/no-such-route', token });
    expect(missing.statusCode).toBe(404);
    expect((missing.json() as { error: { code: string } }).error.code).toBe('not_found');

    const wrong = await server.inject({ method: 'DELETE', url: '/api/whoami', token });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toContain('GET');
    const wrongLogin = await server.inject({ method: 'GET', url: '/api/login' });
    expect(wrongLogin.statusCode).toBe(405);
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "admin", ',
    });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('names the bad field in a 400', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/users',
      token,
      payload: { username: 'x', password: 'long-enough-password', role: 'superuser' },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json() as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe('validation_failed');
    expect(Object.keys(error.fields).sort()).toEqual(['role', 'username']);
  });

  it('answers an oversized body with 413', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', password: 'x'.repeat(4096) },
    });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await server.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=admin',
    });
    expect(res.statusCode).toBe(415);
  });

  it('sends a strict CSP and the usual security headers', async () => {
    const res = await server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('lets no cache keep an API answer: no-store on /api/ (errors too), Pragma on login', async () => {
    const login = await server.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: ADMIN.username, password: ADMIN.password },
    });
    expect(login.headers['cache-control']).toBe('no-store');
    expect(login.headers.pragma).toBe('no-cache');
    const token = (login.json() as { access_token: string }).access_token;
    for (const res of [
      await server.inject({ method: 'GET', url: '/api/whoami', token }),
      await server.inject({ method: 'GET', url: '/api/devices?limit=5', token }),
      await server.inject({ method: 'GET', url: '/api/whoami' }),
      await server.inject({ method: 'GET', url: '/api/no-such-thing', token }),
    ])
      expect(res.headers['cache-control']).toBe('no-store');
  });

  it('allows CORS only for listed origins', async () => {
    const allowed = await server.inject({
      method: 'OPTIONS',
      url: '/api/whoami',
      headers: { origin: 'https://dashboard.plant.example', 'access-control-request-method': 'GET' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.plant.example');
    const refused = await server.inject({
      method: 'OPTIONS',
      url: '/api/whoami',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/docs', token });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/login', '/api/register', '/api/users', '/api/users/{id}', '/api/audit']),
    );
    const createUser = JSON.stringify(doc.paths['/api/users']?.post);
    expect(createUser).toContain('#/components/schemas/CreateUserBody');
    expect(JSON.stringify(doc.components.schemas)).toContain('"password"');
    // Every shape of the contracts is named in components.schemas.
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'Device',
        'Alert',
        'AlertRule',
        'Channel',
        'Report',
        'ReportSchedule',
        'ErrorBody',
        'Twin',
        'Asset',
        'AssetStatus',
      ]),
    );
  });

  it('documents every error status a route answers, each with the one error body', async () => {
    const doc = (await server.inject({ method: 'GET', url: '/api/docs', token })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const responses = doc.paths['/api/users/{id}']?.patch?.responses ?? {};
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '404', '409']);
    expect(responses['404']).toEqual(responses['400']);
    expect(JSON.stringify(responses['404'])).toContain('#/components/schemas/ErrorBody');
    // The dashboard's one parameter, an asset, may be malformed (400) or unknown (404).
    expect(Object.keys(doc.paths['/api/dashboard']?.get?.responses ?? {})).toEqual([
      '200',
      '400',
      '401',
      '404',
    ]);
    expect(JSON.stringify(doc.paths['/api/assets/{id}/tree']?.get?.responses?.['200'])).toContain(
      '#/components/schemas/AssetTree',
    );
  });

  it('refuses a role a route does not allow with 403 naming the roles, and audits it', async () => {
    const login = async (role: 'viewer' | 'operator') => {
      const user = { username: `${role}-http`, password: passwordFor(`password-of-the-${role}`), role };
      const created = await server.inject({ method: 'POST', url: '/api/users', token, payload: user });
      expect(created.statusCode).toBe(201);
      return server.login(user.username, user.password);
    };
    const operator = await login('operator');
    const viewer = await login('viewer');

    const jobs = await server.inject({ method: 'GET', url: '/api/jobs', token: operator });
    expect(jobs.statusCode).toBe(403);
    expect(jobs.json()).toEqual({ error: { code: 'forbidden', message: 'this needs the admin role' } });
    const sent = await server.inject({ method: 'GET', url: '/api/notifications', token: viewer });
    expect(sent.json()).toEqual({
      error: { code: 'forbidden', message: 'this needs the operator or admin role' },
    });
    expect(
      (await server.inject({ method: 'GET', url: '/api/notifications', token: operator })).statusCode,
    ).toBe(200);

    const audit = await server.inject({ method: 'GET', url: '/api/audit?action=request.denied', token });
    const denied = (audit.json() as { items: Array<{ actor: string; target: string; detail: string }> })
      .items;
    expect(denied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'operator-http',
          target: 'GET /api/jobs',
          detail: 'needs role admin',
        }),
        expect.objectContaining({
          actor: 'viewer-http',
          target: 'GET /api/notifications',
          detail: 'needs role operator or admin',
        }),
      ]),
    );
  });

  it('never returns a password hash or an encrypted column', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/users', token });
    expect(res.body).not.toMatch(/scrypt|password_hash|email_enc|gAAAAA/);
  });
});
