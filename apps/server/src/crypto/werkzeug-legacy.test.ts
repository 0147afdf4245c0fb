import { describe, expect, it } from 'vitest';
import { readVector } from '../../test/support/vectors';
import { legacyHashInternal, openSslDigest } from './werkzeug-legacy';

type LegacyVector = { desc: string; method_requested: string; password: string; hash: string };

const legacy = (readVector('werkzeug.json') as { vectors: LegacyVector[] }).vectors.filter((v) =>
  v.desc.startsWith('legacy salted'),
);

function split(hash: string): [string, string, string] {
  const [method = '', salt = '', ...rest] = hash.split('$');
  return [method, salt, rest.join('$')];
}

describe('werkzeug legacy formats', () => {
  it('finds the legacy salted vectors', () => expect(legacy).toHaveLength(15));

  it.each(legacy)('$desc', (v) => {
    const [method, salt, hex] = split(v.hash);
    expect(method).toBe(v.method_requested);
    expect(legacyHashInternal(method, salt, v.password)).toBe(hex);
    expect(legacyHashInternal(method, salt, `${v.password}!`)).not.toBe(hex);
  });

  it('hashes without HMAC when the salt is empty', () => {
    expect(legacyHashInternal('sha1', '', 'password')).toBe('5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8');
    expect(legacyHashInternal('md5', '', 'password')).toBe('5f4dcc3b5aa765d61d8327deb882cf99');
  });

  it('returns the password itself for plain', () => {
    expect(legacyHashInternal('plain', '', 'pässword')).toBe('pässword');
  });

  it('knows only hashlib names werkzeug could have written', () => {
    expect(openSslDigest('sha3_256')).toBe('sha3-256');
    expect(openSslDigest('blake2b')).toBe('blake2b512');
    for (const name of ['pbkdf2', 'scrypt', 'shake_128', 'md4', 'SHA256', 'sha-256', '', 'constructor']) {
      expect(legacyHashInternal(name, 'salt', 'password')).toBeUndefined();
    }
  });
});
