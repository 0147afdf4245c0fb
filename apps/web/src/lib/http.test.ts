import { whoamiSchema } from '@dtwin/contracts/auth';
import { describe, expect, it, vi } from 'vitest';
import { errorReply, mockApi } from '../test/fetch-mock';
import { ApiError, createHttpClient } from './http';
import { createTokenStore, TOKEN_KEY } from './token-storage';

function setup() {
  const onUnauthorized = vi.fn();
  const http = createHttpClient({ tokens: createTokenStore(), onUnauthorized });
  return { http, onUnauthorized };
}

const ada = { id: 1, username: 'ada', role: 'admin', email: null };

describe('http client', () => {
  it('sends the stored token as a bearer header and returns the validated answer', async () => {
    localStorage.setItem(TOKEN_KEY, 'abc.def.ghi');
    const api = mockApi({ 'GET /api/whoami': { body: ada } });
    const { http } = setup();

    await expect(http.get('/api/whoami', { schema: whoamiSchema })).resolves.toEqual(ada);
    expect(api.requests[0]?.headers.get('Authorization')).toBe('Bearer abc.def.ghi');
  });

  it('leaves out the token for requests marked auth: false', async () => {
    localStorage.setItem(TOKEN_KEY, 'stale');
    const api = mockApi({ 'POST /api/login': { body: { access_token: 'new' } } });
    const { http } = setup();

    await http.post('/api/login', { body: { username: 'ada', password: 'x' }, auth: false });
    expect(api.requests[0]?.headers.has('Authorization')).toBe(false);
    expect(api.requests[0]?.body).toEqual({ username: 'ada', password: 'x' });
  });

  it('on a 401 clears the token and asks to go to the login page', async () => {
    localStorage.setItem(TOKEN_KEY, 'expired');
    mockApi({ 'GET /api/users': errorReply(401, 'unauthorized', 'token expired') });
    const { http, onUnauthorized } = setup();

    await expect(http.get('/api/users')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(localStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });

  it('keeps the token when a login attempt is refused', async () => {
    localStorage.setItem(TOKEN_KEY, 'still-valid');
    mockApi({ 'POST /api/login': errorReply(401, 'unauthorized', 'invalid username or password') });
    const { http, onUnauthorized } = setup();

    await expect(http.post('/api/login', { body: {}, auth: false })).rejects.toThrow(
      'invalid username or password',
    );
    expect(localStorage.getItem(TOKEN_KEY)).toBe('still-valid');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('turns an error body into an ApiError with code, message, fields and Retry-After', async () => {
    mockApi({
      'POST /api/users': errorReply(400, 'validation_failed', 'invalid body', { username: 'already taken' }),
      'POST /api/login': {
        ...errorReply(429, 'rate_limited', 'too many attempts'),
        headers: { 'Retry-After': '42' },
      },
    });
    const { http } = setup();

    const invalid = await http.post('/api/users', { body: {} }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'invalid body',
      fields: { username: 'already taken' },
    });
    const limited = await http.post('/api/login', { body: {}, auth: false }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 42 });
  });

  it('describes failures without a JSON body in words', async () => {
    mockApi({ 'GET /api/whoami': { status: 502 } });
    const { http } = setup();
    await expect(http.get('/api/whoami')).rejects.toMatchObject({
      status: 502,
      message: expect.stringMatching(/server is unavailable/i),
    });
  });

  it('reports an unreachable server as a network error in words', async () => {
    mockApi({ 'GET /api/whoami': 'network-error' });
    const { http } = setup();
    await expect(http.get('/api/whoami')).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
      message: expect.stringMatching(/could not reach the server/i),
    });
  });

  it('rejects an answer that does not match the contract', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    mockApi({ 'GET /api/whoami': { body: { id: 'one', username: 'ada' } } });
    const { http } = setup();
    await expect(http.get('/api/whoami', { schema: whoamiSchema })).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('encodes the query and skips empty values', async () => {
    const api = mockApi({ 'GET /api/users': { body: { items: [], total: 0 } } });
    const { http } = setup();
    await http.get('/api/users', { query: { q: 'a b', role: undefined, limit: 25, offset: 0, empty: '' } });
    expect(Object.fromEntries(api.requests[0]?.query ?? [])).toEqual({ q: 'a b', limit: '25', offset: '0' });
  });
});
