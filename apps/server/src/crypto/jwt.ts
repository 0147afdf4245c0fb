import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { decodeBase64UrlStrict, encodeBase64Url } from './base64url';

/**
 * HS256 tokens shaped like flask-jwt-extended 4.4's, so tokens minted by the original system with
 * the same secret verify here. Verification is stricter than PyJWT's (see jwt.test.ts): exp, iat,
 * jti and type are required, claim types are checked, and a token may not outlive its kind.
 */

export const ACCESS_TOKEN_MAX_LIFETIME_S = 24 * 60 * 60;
/** flask-jwt-extended's default refresh lifetime; the original issued refresh tokens with it. */
const REFRESH_TOKEN_MAX_LIFETIME_S = 30 * 24 * 60 * 60;
/** Real tokens are a few hundred bytes; anything far longer is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;

/** Header parameters that embed, point to, or change the meaning of keys or of the signature. */
const REFUSED_HEADER_PARAMS = ['crit', 'jwk', 'jku', 'x5u', 'x5c', 'b64'];

type TokenType = 'access' | 'refresh';

type Claims<T extends TokenType> = {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
  /** true/false, or a unix time until which the token counts as fresh (flask-jwt-extended). */
  fresh?: boolean | number;
  type: T;
};

export type AccessClaims = Claims<'access'>;
export type RefreshClaims = Claims<'refresh'>;

/**
 * Every rejection; `reason` is for logs and tests (malformed, algorithm, header, signature, claims,
 * type, expired, not_yet_valid, lifetime, missing, scheme, not_fresh, revoked), never for clients.
 */
export class TokenError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function secretBytes(secret: string): Buffer {
  // An empty secret is what the "signed with an empty key" attack relies on; it is a setup error.
  if (secret === '') throw new Error('JWT secret must not be empty');
  return Buffer.from(secret, 'utf8');
}

function hs256(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secretBytes(secret)).update(signingInput, 'ascii').digest();
}

/** json.dumps(..., separators=(',', ':')) as PyJWT calls it: ensure_ascii escapes DEL and all non-ASCII. */
function pythonJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const JWT_HEADER = encodeBase64Url(Buffer.from(pythonJson({ alg: 'HS256', typ: 'JWT' })), { pad: false });

export function signAccessToken(opts: {
  secret: string;
  subject: string;
  now?: number;
  expiresInS?: number;
  jti?: string;
  fresh?: boolean;
}): { token: string; jti: string; exp: number } {
  const expiresInS = opts.expiresInS ?? ACCESS_TOKEN_MAX_LIFETIME_S;
  if (!Number.isSafeInteger(expiresInS) || expiresInS < 1 || expiresInS > ACCESS_TOKEN_MAX_LIFETIME_S) {
    throw new RangeError(`access token lifetime must be 1..${ACCESS_TOKEN_MAX_LIFETIME_S} seconds`);
  }
  if (opts.subject === '') throw new Error('access token subject must not be empty');
  const iat = Math.floor(opts.now ?? Date.now() / 1000);
  const jti = opts.jti ?? randomUUID();
  const exp = iat + expiresInS;
  // Claim order is flask-jwt-extended's, so the same inputs give the same bytes as the original.
  const payload = { fresh: opts.fresh ?? false, iat, jti, type: 'access', sub: opts.subject, nbf: iat, exp };
  const signingInput = `${JWT_HEADER}.${encodeBase64Url(Buffer.from(pythonJson(payload)), { pad: false })}`;
  const signature = encodeBase64Url(hs256(opts.secret, signingInput), { pad: false });
  return { token: `${signingInput}.${signature}`, jti, exp };
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  const bytes = decodeBase64UrlStrict(segment, { pad: false });
  let value: unknown;
  try {
    value = bytes && JSON.parse(utf8.decode(bytes));
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenError('malformed', `token ${what} is not a base64url JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Header and signature; the payload is only parsed once the signature proves we wrote it. */
function verifySignature(token: string, secret: string): Record<string, unknown> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new TokenError('malformed', 'token is empty or too long');
  }
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
    throw new TokenError('malformed', 'token must have three segments');
  }
  const fields = decodeSegment(header, 'header');
  // An exact match: 'none' in any case, other HMAC sizes and every asymmetric alg are refused.
  if (fields.alg !== 'HS256') throw new TokenError('algorithm', 'token algorithm is not HS256');
  const refused = REFUSED_HEADER_PARAMS.find((name) => Object.hasOwn(fields, name));
  if (refused !== undefined)
    throw new TokenError('header', `token header parameter '${refused}' is not accepted`);
  if (fields.typ !== undefined && (typeof fields.typ !== 'string' || fields.typ.toUpperCase() !== 'JWT')) {
    throw new TokenError('header', 'token typ is not JWT');
  }
  const given = decodeBase64UrlStrict(signature, { pad: false });
  const expected = hs256(secret, `${header}.${payload}`);
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new TokenError('signature', 'token signature does not verify');
  }
  return decodeSegment(payload, 'payload');
}

const isNumericDate = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0;

function checkClaims<T extends TokenType>(
  payload: Record<string, unknown>,
  type: T,
  maxLifetimeS: number,
  now: number,
): Claims<T> {
  const { sub, jti, iat, nbf, exp, fresh } = payload;
  if (payload.type === undefined) throw new TokenError('claims', 'token has no type claim');
  if (payload.type !== type) throw new TokenError('type', `wrong token type (${type} required)`);
  if (typeof sub !== 'string' || sub === '')
    throw new TokenError('claims', 'token sub must be a non-empty string');
  if (typeof jti !== 'string' || jti === '')
    throw new TokenError('claims', 'token jti must be a non-empty string');
  if (!isNumericDate(exp)) throw new TokenError('claims', 'token exp is missing or not a whole number');
  if (!isNumericDate(iat)) throw new TokenError('claims', 'token iat is missing or not a whole number');
  if (nbf !== undefined && !isNumericDate(nbf))
    throw new TokenError('claims', 'token nbf is not a whole number');
  const freshOk = fresh === undefined || typeof fresh === 'boolean' || Number.isFinite(fresh);
  if (!freshOk) throw new TokenError('claims', 'token fresh must be a boolean or a time');
  // PyJWT's rules with leeway 0: expired at exp itself, not valid before iat or nbf.
  if (exp <= now) throw new TokenError('expired', 'token has expired');
  if (iat > now) throw new TokenError('not_yet_valid', 'token iat is in the future');
  if (nbf !== undefined && nbf > now) throw new TokenError('not_yet_valid', 'token is not valid yet (nbf)');
  if (exp - iat > maxLifetimeS)
    throw new TokenError('lifetime', 'token lives longer than this kind of token may');
  return {
    sub,
    jti,
    iat,
    exp,
    ...(nbf !== undefined ? { nbf } : {}),
    ...(fresh !== undefined ? { fresh: fresh as boolean | number } : {}),
    type,
  };
}

export function verifyAccessToken(token: string, opts: { secret: string; now?: number }): AccessClaims {
  const payload = verifySignature(token, opts.secret);
  return checkClaims(payload, 'access', ACCESS_TOKEN_MAX_LIFETIME_S, opts.now ?? Date.now() / 1000);
}

/** For a refresh endpoint, should the port grow one; the original's refresh tokens verify here. */
export function verifyRefreshToken(token: string, opts: { secret: string; now?: number }): RefreshClaims {
  const payload = verifySignature(token, opts.secret);
  return checkClaims(payload, 'refresh', REFRESH_TOKEN_MAX_LIFETIME_S, opts.now ?? Date.now() / 1000);
}

/** flask-jwt-extended's fresh rule: `fresh` true, or a time that has not passed yet. */
export function isFreshToken(claims: { fresh?: boolean | number }, now: number = Date.now() / 1000): boolean {
  return typeof claims.fresh === 'number' ? claims.fresh >= now : claims.fresh === true;
}
