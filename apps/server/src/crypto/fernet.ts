import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeBase64UrlStrict, encodeBase64Url } from './base64url';

/**
 * Fernet (https://github.com/fernet/spec), byte-compatible with pyca/cryptography so columns
 * written by the original Python system decrypt here and vice versa.
 */

export type FernetKey = { signing: Buffer; encryption: Buffer };

export type FernetEncryptOptions = {
  /** Unix seconds. A bigint reaches the full 64-bit timestamp range the format allows. */
  now?: number | bigint;
  /** Only for reproducing vectors; a fixed IV in production would leak equal plaintext prefixes. */
  iv?: Buffer;
};

export type FernetDecryptOptions = { ttl?: number; now?: number | bigint };

/** The one error for every bad token, like pyca's InvalidToken: callers cannot tell why it failed. */
export class FernetError extends Error {
  constructor(message = 'invalid Fernet token') {
    super(message);
    this.name = 'FernetError';
  }
}

const VERSION = 0x80;
const HEADER_LEN = 1 + 8 + 16;
const MAC_LEN = 32;
const BLOCK = 16;
const MAX_CLOCK_SKEW_S = 60n;
const MAX_TIMESTAMP = 2n ** 64n - 1n;

export function generateFernetKey(): string {
  return encodeBase64Url(randomBytes(32), { pad: true });
}

/**
 * Surrounding whitespace is trimmed because key files are often written with `echo KEY > file`.
 * Both base64 alphabets are accepted, as Python did: a key made with `openssl rand -base64 32`
 * keeps working, and the alphabet of a key carries no security meaning.
 */
export function parseFernetKey(text: string): FernetKey {
  const trimmed = text.trim();
  if (trimmed.length !== 44) {
    throw new Error(
      `Fernet key must be 32 bytes in url-safe base64 (44 characters ending in '='), got ${trimmed.length} characters`,
    );
  }
  if (!/^[A-Za-z0-9_+/-]{43}=$/.test(trimmed)) {
    throw new Error(
      "Fernet key contains characters outside the base64 alphabet or lacks its final '=' (expected 44 url-safe base64 characters)",
    );
  }
  const bytes = Buffer.from(trimmed.replace(/\+/g, '-').replace(/\//g, '_'), 'base64url');
  return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16, 32) };
}

function currentTime(now: number | bigint | undefined): bigint {
  if (typeof now === 'bigint') {
    if (now < 0n || now > MAX_TIMESTAMP) throw new RangeError('Fernet timestamp out of the 64-bit range');
    return now;
  }
  const seconds = now ?? Date.now() / 1000;
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError('Fernet timestamp must be a non-negative number');
  return BigInt(Math.floor(seconds));
}

function mac(key: FernetKey, signed: Buffer): Buffer {
  return createHmac('sha256', key.signing).update(signed).digest();
}

export function fernetEncrypt(
  key: FernetKey,
  data: Buffer | string,
  opts: FernetEncryptOptions = {},
): string {
  const iv = opts.iv ?? randomBytes(16);
  if (iv.length !== 16) throw new RangeError('Fernet IV must be 16 bytes');
  const header = Buffer.alloc(HEADER_LEN);
  header[0] = VERSION;
  header.writeBigUInt64BE(currentTime(opts.now), 1);
  iv.copy(header, 9);
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv);
  const plaintext = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const signed = Buffer.concat([header, cipher.update(plaintext), cipher.final()]);
  return encodeBase64Url(Buffer.concat([signed, mac(key, signed)]), { pad: true });
}

type ParsedToken = { timestamp: bigint; iv: Buffer; ciphertext: Buffer; signed: Buffer; tag: Buffer };

/**
 * The key-independent half of pyca's checks, in its order: decode, version, then (with a ttl)
 * expiry and clock skew. Without a ttl the timestamp is not looked at, as in pyca.
 */
function parseToken(token: string, opts: FernetDecryptOptions): ParsedToken {
  // Strict decoding rejects some spellings Python accepted (see fernet.test.ts); stored tokens are canonical.
  const data = decodeBase64UrlStrict(token, { pad: true });
  if (!data || data.length < 1 || data[0] !== VERSION) throw new FernetError();
  if (data.length < HEADER_LEN + MAC_LEN) throw new FernetError();
  const timestamp = data.readBigUInt64BE(1);
  if (opts.ttl !== undefined) {
    if (!Number.isSafeInteger(opts.ttl) || opts.ttl < 0)
      throw new RangeError('Fernet ttl must be whole seconds');
    const now = currentTime(opts.now);
    if (timestamp + BigInt(opts.ttl) < now) throw new FernetError();
    if (now + MAX_CLOCK_SKEW_S < timestamp) throw new FernetError();
  }
  return {
    timestamp,
    iv: data.subarray(9, HEADER_LEN),
    ciphertext: data.subarray(HEADER_LEN, data.length - MAC_LEN),
    signed: data.subarray(0, data.length - MAC_LEN),
    tag: data.subarray(data.length - MAC_LEN),
  };
}

/** HMAC first, so a padding error can only ever be seen for a token we signed ourselves. */
function openWith(key: FernetKey, parsed: ParsedToken): Buffer | undefined {
  if (!timingSafeEqual(mac(key, parsed.signed), parsed.tag)) return undefined;
  if (parsed.ciphertext.length === 0 || parsed.ciphertext.length % BLOCK !== 0) throw new FernetError();
  try {
    const decipher = createDecipheriv('aes-128-cbc', key.encryption, parsed.iv);
    return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]);
  } catch {
    throw new FernetError();
  }
}

export function fernetDecrypt(key: FernetKey, token: string, opts: FernetDecryptOptions = {}): Buffer {
  const plaintext = openWith(key, parseToken(token, opts));
  if (!plaintext) throw new FernetError();
  return plaintext;
}

export type KeyringOptions = { randomIv?: () => Buffer };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * MultiFernet: the first key encrypts, every key is tried to decrypt, so keys can be rotated
 * without a flag day (`dtwin rotate-key` re-encrypts with `rotate`).
 */
export class Keyring {
  readonly #keys: readonly FernetKey[];
  readonly #randomIv: () => Buffer;

  constructor(keys: FernetKey[], opts: KeyringOptions = {}) {
    if (keys.length === 0) throw new Error('a keyring needs at least one Fernet key');
    this.#keys = [...keys];
    this.#randomIv = opts.randomIv ?? (() => randomBytes(16));
  }

  /** One key per line; blank lines and surrounding whitespace are ignored. */
  static parse(fileText: string, opts: KeyringOptions = {}): Keyring {
    const keys: FernetKey[] = [];
    fileText.split(/\r\n|\r|\n/).forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        keys.push(parseFernetKey(line));
      } catch (error) {
        throw new Error(`encryption key file, line ${index + 1}: ${(error as Error).message}`);
      }
    });
    if (keys.length === 0) throw new Error('encryption key file contains no key');
    return new Keyring(keys, opts);
  }

  get size(): number {
    return this.#keys.length;
  }

  encrypt(plaintext: string): string {
    return fernetEncrypt(this.#primary(), plaintext, { iv: this.#randomIv() });
  }

  decrypt(token: string, opts: FernetDecryptOptions = {}): string {
    return this.#decode(this.#open(token, opts).plaintext);
  }

  /** Re-encrypts under the first key with a fresh IV, keeping the original timestamp (as pyca does). */
  rotate(token: string): string {
    const { plaintext, timestamp } = this.#open(token, {});
    return fernetEncrypt(this.#primary(), plaintext, { now: timestamp, iv: this.#randomIv() });
  }

  #primary(): FernetKey {
    const key = this.#keys[0];
    if (!key) throw new Error('a keyring needs at least one Fernet key');
    return key;
  }

  #open(token: string, opts: FernetDecryptOptions): { plaintext: Buffer; timestamp: bigint } {
    const parsed = parseToken(token, opts);
    for (const key of this.#keys) {
      const plaintext = openWith(key, parsed);
      if (plaintext) return { plaintext, timestamp: parsed.timestamp };
    }
    throw new FernetError();
  }

  #decode(plaintext: Buffer): string {
    try {
      return utf8.decode(plaintext);
    } catch {
      // Values are encrypted from strings, so bytes that are not UTF-8 mean a wrong or damaged column.
      throw new FernetError('decrypted value is not UTF-8 text');
    }
  }
}
