import { createHash, pbkdf2, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { legacyHashInternal, openSslDigest } from './werkzeug-legacy';

/**
 * Password hashes in werkzeug's `<method>$<salt>$<hex>` format, so a users table from the original
 * system keeps working. New hashes are what werkzeug 3 writes (scrypt:32768:8:1). Where werkzeug
 * versions disagree we take the verdict of the versions the original ran (2.2 and the pinned 2.3.7).
 */

const CURRENT = { n: 32768, r: 8, p: 1 } as const;
const CURRENT_METHOD = `scrypt:${CURRENT.n}:${CURRENT.r}:${CURRENT.p}`;
const SCRYPT_KEY_LEN = 64;
const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SALT_LENGTH = 16;

/** werkzeug 2.3's default when a pbkdf2 hash names no iteration count (2.2 had 260000, 3.1 has 1000000). */
const PBKDF2_DEFAULT_ITERATIONS = 600_000;

/**
 * Parameters are read from the stored hash, so without bounds one planted row could make every
 * login attempt burn seconds of CPU or gigabytes of memory. The scrypt bounds allow 16x the work
 * and 8x the memory of today's default; the pbkdf2 bound is 10x werkzeug 3.1's default.
 */
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const MAX_SCRYPT_N = 2 ** 20;
const MAX_SCRYPT_R = 32;
const MAX_SCRYPT_P = 16;
const MAX_SCRYPT_MEMORY = 256 * 2 ** 20;
const MAX_SCRYPT_WORK = 16 * CURRENT.n * CURRENT.r * CURRENT.p;

const CURRENT_FORMAT = new RegExp(`^${CURRENT_METHOD}\\$[^$]+\\$[0-9a-f]{${SCRYPT_KEY_LEN * 2}}$`);

/** A well-formed current hash whose digest no password is known to produce; only its cost matters. */
const BURN_HASH = `${CURRENT_METHOD}$burnburnburnburn$${'0'.repeat(SCRYPT_KEY_LEN * 2)}`;

type ScryptParams = { n: number; r: number; p: number };

function scryptHex(password: string, salt: string, { n, r, p }: ScryptParams): Promise<string> {
  // Node's default maxmem (32 MiB) is just below what N=32768, r=8 needs, so we size it like OpenSSL does.
  const maxmem = 128 * r * (n + p + 2) + 65536;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT_KEY_LEN, { N: n, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key.toString('hex')),
    );
  });
}

function pbkdf2Hex(password: string, salt: string, iterations: number, digest: string): Promise<string> {
  const keyLen = createHash(digest).digest().length;
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, keyLen, digest, (error, key) =>
      error ? reject(error) : resolve(key.toString('hex')),
    );
  });
}

/** Decimal digits only: werkzeug used int(), but nothing it wrote had signs, spaces or underscores. */
function wholeNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^[0-9]{1,10}$/.test(text) ? Number(text) : undefined;
}

function scryptParams(args: string[]): ScryptParams | undefined {
  if (args.length === 0) return CURRENT;
  if (args.length !== 3) return undefined;
  const [n, r, p] = args.map(wholeNumber);
  if (n === undefined || r === undefined || p === undefined) return undefined;
  const powerOfTwo = n >= 2 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n > MAX_SCRYPT_N || r < 1 || r > MAX_SCRYPT_R || p < 1 || p > MAX_SCRYPT_P)
    return undefined;
  if (128 * n * r > MAX_SCRYPT_MEMORY || n * r * p > MAX_SCRYPT_WORK) return undefined;
  return { n, r, p };
}

function pbkdf2Params(args: string[]): { digest: string; iterations: number } | undefined {
  if (args.length > 2) return undefined;
  const digest = openSslDigest(args[0] ?? 'sha256');
  const iterations = args.length === 2 ? wholeNumber(args[1]) : PBKDF2_DEFAULT_ITERATIONS;
  if (digest === undefined || iterations === undefined) return undefined;
  if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) return undefined;
  return { digest, iterations };
}

/** werkzeug's `_hash_internal`: the string the stored hex must equal, or undefined if unsupported. */
async function hashInternal(method: string, salt: string, password: string): Promise<string | undefined> {
  const [name = '', ...args] = method.split(':');
  if (name === 'scrypt') {
    const params = scryptParams(args);
    return params && scryptHex(password, salt, params);
  }
  if (name === 'pbkdf2') {
    const params = pbkdf2Params(args);
    return params && pbkdf2Hex(password, salt, params.iterations, params.digest);
  }
  return args.length === 0 ? legacyHashInternal(name, salt, password) : undefined;
}

/** Constant time, and comparing digests of both sides also hides the stored value's length. */
function equalText(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export async function hashPassword(password: string): Promise<string> {
  let salt = '';
  for (let i = 0; i < SALT_LENGTH; i++) salt += SALT_CHARS.charAt(randomInt(SALT_CHARS.length));
  return `${CURRENT_METHOD}$${salt}$${await scryptHex(password, salt, CURRENT)}`;
}

/** False for a wrong password and for any malformed, unsupported or too costly hash; never throws. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof hash !== 'string') return false;
  // Like werkzeug's split('$', 2): method and salt cannot contain '$', the stored value may.
  const first = hash.indexOf('$');
  const second = first < 0 ? -1 : hash.indexOf('$', first + 1);
  if (second < 0) return false;
  try {
    const expected = await hashInternal(hash.slice(0, first), hash.slice(first + 1, second), password);
    return expected !== undefined && equalText(expected, hash.slice(second + 1));
  } catch {
    return false;
  }
}

/** True for everything that is not exactly the current format, so the next login upgrades it. */
export function needsRehash(hash: string): boolean {
  return !CURRENT_FORMAT.test(hash);
}

/** Costs what a wrong password for a current hash costs, so unknown usernames do not answer faster. */
export async function burnPasswordCheck(password: string): Promise<void> {
  await verifyPassword(password, BURN_HASH);
}
