import { createDecipheriv, createHash } from 'node:crypto';
import type { Keyring } from '../../src/crypto/fernet';
import { PyDict, PyJsonDecodeError, pyJsonDumps, pyJsonLoads, pyStr, type PyValue } from './python-json';

/**
 * The original system's encrypted columns (secure_database_manager.py): the stored text is
 * standard base64 of an ASCII Fernet token (base64 twice, so it starts `Z0FBQUFB`), decrypted
 * without a TTL; `data_hash` is SHA-256 over `json.dumps(value, sort_keys=True)` for a dict and
 * `str(value)` otherwise, recomputed on the value as read back (`json.loads`, or the text).
 */

export const FERNET_STORED_PREFIX = 'Z0FBQUFB';

export type StoredFormat = 'fernet' | 'aes-gcm' | 'unknown';

/** Which scheme wrote a stored value (the upstream later switched to AES-GCM). */
export function storedFormat(stored: string): StoredFormat {
  if (stored.startsWith(FERNET_STORED_PREFIX)) return 'fernet';
  const bytes = Buffer.from(stored, 'base64');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(stored) && bytes.length >= 28 ? 'aes-gcm' : 'unknown';
}

export class StoredValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoredValueError';
  }
}

/** `decrypt_data`: base64, then Fernet (no TTL), then UTF-8. Throws StoredValueError. */
export function decryptFernetStored(keyring: Keyring, stored: string): string {
  const token = Buffer.from(stored.trim(), 'base64').toString('latin1');
  try {
    return keyring.decrypt(token);
  } catch {
    throw new StoredValueError('does not decrypt with the given key (wrong key, or the value was altered)');
  }
}

/** The upstream AES-GCM variant: base64(nonce 12 | ciphertext | tag 16) under a 32-byte key. */
export function decryptAesGcmStored(key: Buffer, stored: string): string {
  const data = Buffer.from(stored.trim(), 'base64');
  if (data.length < 28) throw new StoredValueError('is too short for an AES-GCM value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(data.length - 16));
    const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    throw new StoredValueError('does not decrypt with the given AES-GCM key');
  }
}

/** How the original read a decrypted text back: JSON when it parses as JSON, otherwise the text itself. */
export function readBack(text: string): { value: PyValue; parsedAsJson: boolean } {
  try {
    return { value: pyJsonLoads(text), parsedAsJson: true };
  } catch (err) {
    if (err instanceof PyJsonDecodeError) return { value: text, parsedAsJson: false };
    throw new StoredValueError(`could not be read back: ${(err as Error).message}`);
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `_calculate_hash`: what the original hashed for a value. */
export function hashInput(value: PyValue): string {
  return value instanceof PyDict ? pyJsonDumps(value, { sortKeys: true }) : pyStr(value);
}

/** SHA-256 hex of the UTF-8 text; Python's strict encoder refuses lone surrogates, and so do we. */
export function dataHash(value: PyValue): string {
  const text = hashInput(value);
  if (LONE_SURROGATE.test(text)) throw new StoredValueError('holds text Python could not encode as UTF-8');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type StoredRecord =
  | { ok: true; value: PyValue }
  | { ok: false; reason: 'undecryptable' | 'integrity' | 'unreadable'; detail: string };

/**
 * Reads one stored value as the original did: decrypt, read back, recompute the hash and
 * compare. A mismatch is what the original logged as DATA TAMPERING and skipped.
 */
export function readStoredRecord(
  decrypt: (stored: string) => string,
  stored: string,
  expectedHash: string | null,
): StoredRecord {
  let text: string;
  try {
    text = decrypt(stored);
  } catch (err) {
    return { ok: false, reason: 'undecryptable', detail: (err as Error).message };
  }
  try {
    const { value } = readBack(text);
    if (expectedHash !== null && dataHash(value) !== expectedHash.trim().toLowerCase()) {
      return { ok: false, reason: 'integrity', detail: 'its data_hash does not match its content' };
    }
    return { ok: true, value };
  } catch (err) {
    return { ok: false, reason: 'unreadable', detail: (err as Error).message };
  }
}
