import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readVector } from '../../test/support/vectors';
import { extractBearerToken } from './bearer-token';
import {
  ACCESS_TOKEN_MAX_LIFETIME_S,
  TokenError,
  isFreshToken,
  signAccessToken,
  verifyAccessToken,
  verifyRefreshToken,
} from './jwt';

type JwtVector = {
  name: string;
  category: string;
  token?: string;
  token_spec?: { char: string; repeat: number };
  now_unix?: number | null;
  request?: { endpoint: string; headers?: Record<string, string> } | null;
  expected_ts: { accept: boolean | 'either'; status?: number; reason?: string };
};
type JwtFile = { meta: { secret: string; t0_unix: number }; vectors: JwtVector[] };

const { meta, vectors } = readVector('jwt.json') as JwtFile;
const secret = meta.secret;

/**
 * Cases the vectors leave to us ("either"). A new one must get a decision here, or the test fails.
 * - lowercase scheme: accepted, because RFC 7235 makes the scheme case-insensitive.
 * - last signature character with different unused bits: refused, because we decode base64url
 *   strictly so every token has one spelling (PyJWT accepted it; both are safe).
 */
const eitherChoices: Record<string, boolean> = {
  lowercase_bearer_scheme: true,
  'signature_last_char_low_bits_changed (non-canonical base64url)': false,
};

/** Which step refuses each category, so a token is rejected for the right reason, not by accident. */
const reasonsByCategory: Record<string, string[]> = {
  valid: [],
  time: ['expired', 'not_yet_valid'],
  type: ['type', 'not_fresh'],
  alg: ['algorithm', 'header', 'signature'],
  signature: ['signature'],
  tamper: ['signature'],
  claims: ['claims', 'malformed', 'lifetime', 'expired', 'not_yet_valid', 'type'],
  malformed: ['malformed'],
  transport: ['missing', 'scheme', 'malformed'],
  lifecycle: ['signature', 'revoked'],
};

function authorizationOf(v: JwtVector): string | undefined {
  if (!v.request) return `Bearer ${v.token}`;
  const header = v.request.headers?.Authorization;
  return v.token_spec
    ? header?.replace('<token_spec>', v.token_spec.char.repeat(v.token_spec.repeat))
    : header;
}

/**
 * What the server does with one request: read the header, verify for the endpoint's kind of
 * token, then the checks the auth service owns (fresh-only routes, the jti denylist).
 */
function handle(v: JwtVector, revoked: ReadonlySet<string>): void {
  const now = v.now_unix ?? meta.t0_unix + 60;
  const token = extractBearerToken(authorizationOf(v));
  const endpoint = v.request?.endpoint ?? '';
  if (endpoint.includes('refresh=True')) {
    verifyRefreshToken(token, { secret, now });
    return;
  }
  const claims = verifyAccessToken(token, { secret, now });
  if (endpoint.includes('fresh=True') && !isFreshToken(claims, now))
    throw new TokenError('not_fresh', 'fresh required');
  if (revoked.has(claims.jti)) throw new TokenError('revoked', 'token has been revoked');
}

describe('jwt vectors (expected_ts)', () => {
  it('has the vectors and a decision for every "either"', () => {
    expect(vectors).toHaveLength(64);
    const either = vectors.filter((v) => v.expected_ts.accept === 'either').map((v) => v.name);
    expect(either.sort()).toEqual(Object.keys(eitherChoices).sort());
  });

  it.each(vectors)('$category: $name', (v) => {
    const revoked = new Set<string>();
    if (v.name === 'reuse_after_logout') {
      // Log in and out first: the logout puts the token's jti on the denylist.
      const claims = verifyAccessToken(v.token ?? '', { secret, now: meta.t0_unix + 30 });
      revoked.add(claims.jti);
    }
    const expected = v.expected_ts.accept === 'either' ? eitherChoices[v.name] : v.expected_ts.accept;
    let rejection: unknown;
    try {
      handle(v, revoked);
    } catch (error) {
      rejection = error;
    }
    if (expected) {
      expect(rejection).toBeUndefined();
      return;
    }
    expect(rejection).toBeInstanceOf(TokenError);
    expect(reasonsByCategory[v.category]).toContain((rejection as TokenError).reason);
  });
});

describe('signAccessToken', () => {
  const byName = (name: string) => {
    const v = vectors.find((x) => x.name === name);
    if (!v?.token) throw new Error(`missing vector ${name}`);
    return v.token;
  };

  it('writes the same bytes as flask-jwt-extended for the same inputs', () => {
    const now = meta.t0_unix;
    expect(
      signAccessToken({ secret, subject: 'alice', now, jti: '11111111-1111-4111-8111-000000000001' }),
    ).toEqual({
      token: byName('access_valid'),
      jti: '11111111-1111-4111-8111-000000000001',
      exp: now + 86400,
    });
    const fresh = signAccessToken({
      secret,
      subject: 'alice',
      now,
      jti: '11111111-1111-4111-8111-000000000003',
      fresh: true,
    });
    expect(fresh.token).toBe(byName('access_fresh_valid_on_fresh_endpoint'));
  });

  it('round-trips with a random uuid4 jti and a 24 h lifetime', () => {
    const now = 1_750_000_000;
    const { token, jti, exp } = signAccessToken({ secret, subject: 'operator-7', now });
    expect(jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(exp).toBe(now + ACCESS_TOKEN_MAX_LIFETIME_S);
    expect(verifyAccessToken(token, { secret, now: now + 5 })).toEqual({
      sub: 'operator-7',
      jti,
      iat: now,
      nbf: now,
      exp,
      fresh: false,
      type: 'access',
    });
    expect(() => verifyAccessToken(token, { secret, now: exp })).toThrow(TokenError);
    expect(signAccessToken({ secret, subject: 'x', now }).jti).not.toBe(jti);
  });

  it('escapes non-ASCII like Python json.dumps and reads it back', () => {
    const { token } = signAccessToken({ secret, subject: 'jürgen 🔧', now: 1_750_000_000, jti: 'j' });
    const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('latin1');
    expect(payload).toContain('"sub":"j\\u00fcrgen \\ud83d\\udd27"');
    expect(verifyAccessToken(token, { secret, now: 1_750_000_001 }).sub).toBe('jürgen 🔧');
  });

  it('is rejected under another secret', () => {
    const { token } = signAccessToken({
      secret: 'another-secret-of-enough-length-0123456789',
      subject: 'alice',
      now: 100,
    });
    expect(() => verifyAccessToken(token, { secret, now: 101 })).toThrow(
      expect.objectContaining({ name: 'TokenError', reason: 'signature' }),
    );
  });

  it('refuses lifetimes longer than an access token may have, and empty secrets', () => {
    expect(() =>
      signAccessToken({ secret, subject: 'a', expiresInS: ACCESS_TOKEN_MAX_LIFETIME_S + 1 }),
    ).toThrow(RangeError);
    expect(() => signAccessToken({ secret, subject: 'a', expiresInS: 0 })).toThrow(RangeError);
    expect(() => signAccessToken({ secret: '', subject: 'a' })).toThrow(/secret/);
  });
});

describe('verifyAccessToken beyond the vectors', () => {
  const now = 1_750_000_000;
  const claims = {
    fresh: false,
    iat: now,
    jti: 'j-1',
    type: 'access',
    sub: 'alice',
    nbf: now,
    exp: now + 3600,
  };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  /** A correctly signed token with any header and payload, to reach the checks after the signature. */
  const mint = (payload: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }) => {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };
  const reasonOf = (token: string) => {
    try {
      verifyAccessToken(token, { secret, now: now + 1 });
      return 'accepted';
    } catch (error) {
      expect(error).toBeInstanceOf(TokenError);
      return (error as TokenError).reason;
    }
  };

  it('accepts the minted baseline', () => expect(reasonOf(mint(claims))).toBe('accepted'));

  it.each([
    ['a lifetime over 24 h', { ...claims, exp: now + ACCESS_TOKEN_MAX_LIFETIME_S + 1 }, 'lifetime'],
    ['exp in the year 2100', { ...claims, exp: 4_102_444_800 }, 'lifetime'],
    ['a fractional exp', { ...claims, exp: now + 0.5 + 3600 }, 'claims'],
    ['a negative iat', { ...claims, iat: -1 }, 'claims'],
    ['no iat', { ...claims, iat: undefined }, 'claims'],
    ['an nbf string', { ...claims, nbf: String(now) }, 'claims'],
    ['no jti', { ...claims, jti: undefined }, 'claims'],
    ['an empty sub', { ...claims, sub: '' }, 'claims'],
    ['fresh as a string', { ...claims, fresh: 'yes' }, 'claims'],
    ['payload null', null, 'malformed'],
    ['payload a string', 'alice', 'malformed'],
  ])('refuses %s', (_name, payload, reason) => {
    expect(reasonOf(mint(payload))).toBe(reason);
  });

  it.each([
    ['an embedded jwk even with HS256', { alg: 'HS256', jwk: { kty: 'oct', k: 'AA' } }, 'header'],
    ['a jku URL even with HS256', { alg: 'HS256', jku: 'http://127.0.0.1/jwks' }, 'header'],
    ['x5u', { alg: 'HS256', x5u: 'http://127.0.0.1/cert' }, 'header'],
    ['x5c', { alg: 'HS256', x5c: ['MIIB'] }, 'header'],
    ['an empty crit', { alg: 'HS256', crit: [] }, 'header'],
    ['another typ', { alg: 'HS256', typ: 'at+jwt' }, 'header'],
    ['alg hs256 in lower case', { alg: 'hs256' }, 'algorithm'],
    ['alg as an array', { alg: ['HS256'] }, 'algorithm'],
  ])('refuses a header with %s', (_name, header, reason) => {
    expect(reasonOf(mint(claims, header))).toBe(reason);
  });

  it('ignores kid and accepts a header without typ, as PyJWT does', () => {
    expect(reasonOf(mint(claims, { alg: 'HS256', kid: 'whatever' }))).toBe('accepted');
    expect(reasonOf(mint(claims, { alg: 'HS256' }))).toBe('accepted');
  });

  it.each([
    ['a padded signature', (t: string) => `${t}=`],
    ['a standard-alphabet header', (t: string) => t.replace(/^eyJ/, 'eyJ+')],
    ['a percent-garbage header', (t: string) => `%%%${t.slice(t.indexOf('.'))}`],
    ['a token over 8 KiB', (t: string) => `${t}${'A'.repeat(8192)}`],
    ['an empty token', () => ''],
  ])('refuses %s as malformed or badly signed', (_name, change) => {
    expect(['malformed', 'signature']).toContain(reasonOf(change(mint(claims))));
  });

  it('keeps a refresh token out of access routes and the reverse', () => {
    const refresh = mint({ ...claims, type: 'refresh', exp: now + 30 * 86400 });
    expect(reasonOf(refresh)).toBe('type');
    expect(verifyRefreshToken(refresh, { secret, now: now + 1 }).type).toBe('refresh');
    expect(() => verifyRefreshToken(mint(claims), { secret, now: now + 1 })).toThrow(TokenError);
  });
});

describe('isFreshToken', () => {
  it('follows flask-jwt-extended: true, or a time not yet passed', () => {
    expect(isFreshToken({ fresh: true }, 10)).toBe(true);
    expect(isFreshToken({ fresh: false }, 10)).toBe(false);
    expect(isFreshToken({}, 10)).toBe(false);
    expect(isFreshToken({ fresh: 10.5 }, 10)).toBe(true);
    expect(isFreshToken({ fresh: 9.5 }, 10)).toBe(false);
  });
});
