/**
 * Secrets never reach the log, wherever they appear: as a field of a logged object (any depth),
 * in a URL's query string, or as an Authorization value inside text.
 */

const SECRET_KEY =
  /^(password|passwd|pwd|token|access_token|refresh_token|id_token|secret|signing_secret|client_secret|api_key|apikey|authorization|cookie|set-cookie)$/i;
const SECRET_PARAM =
  /([?&;](?:password|passwd|pwd|token|access_token|refresh_token|id_token|secret|api_key|apikey)=)[^&#\s"']*/gi;
const AUTH_VALUE = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/g;
const JSON_SECRET =
  /("(?:password|passwd|token|access_token|refresh_token|secret|signing_secret|authorization|api_key)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export const CENSOR = '[redacted]';

export function redactText(text: string): string {
  return text
    .replace(SECRET_PARAM, `$1${CENSOR}`)
    .replace(AUTH_VALUE, `$1 ${CENSOR}`)
    .replace(JSON_SECRET, `$1"${CENSOR}"`);
}

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * A copy of plain objects and arrays with secret fields censored and text scrubbed. Anything else
 * (a request, an error) is left to its serializer; depth and width are bounded.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (Array.isArray(value)) return value.slice(0, 1000).map((v) => redactDeep(v, depth + 1));
  if (!isPlain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value).slice(0, 1000))
    out[key] = SECRET_KEY.test(key) && v != null ? CENSOR : redactDeep(v, depth + 1);
  return out;
}
