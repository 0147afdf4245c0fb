import { createHash, createHmac } from 'node:crypto';

/**
 * The pre-pbkdf2 werkzeug formats (<= 2.3): `<hashlib name>$salt$hex` and `plain$$password`.
 * Current werkzeug refuses them, but databases from that era still hold them, so we verify them
 * once and the login upgrades the hash (needsRehash is true for all of these).
 */

/**
 * Python hashlib names as werkzeug wrote them, mapped to OpenSSL names. hashlib's guaranteed
 * algorithms plus the sha512 truncations; shake_* is left out because hexdigest() needs a length
 * there, so werkzeug could never produce or check such a hash.
 */
const HASHLIB_TO_OPENSSL = new Map<string, string>([
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha224', 'sha224'],
  ['sha256', 'sha256'],
  ['sha384', 'sha384'],
  ['sha512', 'sha512'],
  ['sha512_224', 'sha512-224'],
  ['sha512_256', 'sha512-256'],
  ['sha3_224', 'sha3-224'],
  ['sha3_256', 'sha3-256'],
  ['sha3_384', 'sha3-384'],
  ['sha3_512', 'sha3-512'],
  ['blake2b', 'blake2b512'],
  ['blake2s', 'blake2s256'],
]);

/** The OpenSSL digest for a hashlib name, or undefined when werkzeug's name is not one we accept. */
export function openSslDigest(hashlibName: string): string | undefined {
  return HASHLIB_TO_OPENSSL.get(hashlibName);
}

/**
 * What werkzeug's `_hash_internal` compared against the stored value for a legacy method, or
 * undefined if the method is not a legacy one. Salt and password are used as UTF-8 bytes; an
 * empty salt meant a bare digest (werkzeug <= 2.2 wrote `sha1$$...` that way).
 */
export function legacyHashInternal(method: string, salt: string, password: string): string | undefined {
  if (method === 'plain') return password;
  const digest = openSslDigest(method);
  if (digest === undefined) return undefined;
  const data = Buffer.from(password, 'utf8');
  if (salt === '') return createHash(digest).update(data).digest('hex');
  return createHmac(digest, Buffer.from(salt, 'utf8')).update(data).digest('hex');
}
