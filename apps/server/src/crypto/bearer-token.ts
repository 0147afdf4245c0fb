import { MAX_TOKEN_LENGTH, TokenError } from './jwt';

/** RFC 6750 b64token: wide enough for any JWT, narrow enough to refuse "a, Bearer b" and extra words. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The token from an Authorization header value. Only the header is a token location: query strings
 * and cookies are not read (they leak into logs and invite CSRF). The scheme is matched without
 * regard to case, as RFC 7235 says; flask-jwt-extended wanted exactly "Bearer".
 */
export function extractBearerToken(authorization: string | undefined): string {
  const value = authorization?.trim() ?? '';
  if (value === '') throw new TokenError('missing', 'no Authorization header');
  if (!/^Bearer(\s|$)/i.test(value)) throw new TokenError('scheme', 'Authorization scheme is not Bearer');
  const token = value.length <= MAX_TOKEN_LENGTH + 16 ? BEARER.exec(value)?.[1] : undefined;
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) {
    throw new TokenError('malformed', "Authorization header must be 'Bearer <token>'");
  }
  return token;
}
