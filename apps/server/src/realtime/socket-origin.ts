/**
 * Which browser pages may open a socket. Checked for every Socket.IO handshake, on both
 * transports, in `allowRequest` (Socket.IO's `cors` option only sets response headers, which a
 * WebSocket never looks at). A handshake is allowed when:
 *
 * 1. it has no `Origin` header: not a browser (a script, the benchmark). It still needs a token;
 * 2. its origin is listed in CORS_ALLOWED_ORIGINS (`*` allows every origin; refused by the
 *    configuration in production), compared as scheme://host[:port] with the default port dropped
 *    and case ignored;
 * 3. its origin is the server's own: an http or https origin whose host[:port] equals the request's
 *    `Host` header, so the built-in web UI works without configuration, also behind a
 *    TLS-terminating proxy that keeps `Host`. (A proxy that rewrites `Host` needs the public origin
 *    listed.)
 *
 * Anything else is refused, including `Origin: null` (sandboxed frames, file pages) and origins
 * with a path, credentials or another scheme. Tokens never travel in cookies, so this is defence in
 * depth against a hostile page rather than the only lock.
 */
export function createOriginCheck(allowedOrigins: readonly string[]) {
  const any = allowedOrigins.includes('*');
  const listed = new Set(allowedOrigins.map(normalizeOrigin).filter((o) => o !== null));

  return {
    /** For a handshake: the request's `Origin` and `Host` headers. */
    allows(origin: string | undefined, host: string | undefined): boolean {
      if (origin === undefined) return true;
      if (any) return true;
      const normalized = normalizeOrigin(origin);
      if (normalized === null) return false;
      if (listed.has(normalized)) return true;
      return host !== undefined && isSameHost(normalized, host);
    },
    /** Whether a cross-origin browser may read polling responses (CORS response headers only). */
    listed(origin: string): boolean {
      if (any) return true;
      const normalized = normalizeOrigin(origin);
      return normalized !== null && listed.has(normalized);
    },
  };
}

export type OriginCheck = ReturnType<typeof createOriginCheck>;

/** `scheme://host[:port]` for an http(s) origin, or null for anything that is not one. */
export function normalizeOrigin(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Browsers send no path; a listed `https://plant.example/` (trailing slash) is forgiven.
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  return `${url.protocol}//${url.host}`;
}

function isSameHost(normalizedOrigin: string, hostHeader: string): boolean {
  const scheme = normalizedOrigin.startsWith('https:') ? 'https:' : 'http:';
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(hostHeader)) return false;
  try {
    return normalizedOrigin === `${scheme}//${new URL(`${scheme}//${hostHeader}`).host}`;
  } catch {
    return false;
  }
}
