import { describe, expect, it } from 'vitest';
import { readVector } from '../../test/support/vectors';
import {
  FernetError,
  Keyring,
  fernetDecrypt,
  fernetEncrypt,
  generateFernetKey,
  parseFernetKey,
  type FernetDecryptOptions,
} from './fernet';

type Outcome = { ok: true; plaintext_hex: string } | { ok: false; error: string };

type SpecVector = {
  token: string;
  now: string;
  secret: string;
  src?: string;
  iv?: number[];
  ttl_sec?: number;
};
type ExtraGenerate = {
  desc: string;
  secret: string;
  iv_hex: string;
  now_unix_str: string;
  src_hex: string;
  token: string;
  token_len_bytes: number;
  expect: Outcome;
};
type ExtraDecrypt = {
  desc: string;
  secret: string;
  token: string;
  ttl_sec: number | null;
  now_unix: number | null;
  expect: Outcome;
};
type MultiDecrypt = {
  desc: string;
  keys: string[];
  token: string;
  ttl_sec?: number;
  now_unix?: number;
  expect: Outcome;
};
type MultiRotate = {
  desc: string;
  keys: string[];
  token_in: string;
  iv_used_hex?: string;
  token_out?: string;
  token_out_timestamp?: number;
  token_in_timestamp?: number;
  decrypts_with_new_only?: Outcome;
  decrypts_with_old_only?: Outcome;
  expect_error?: string;
};
type KeyFormat = { desc: string; key: string; 'python_Fernet(key)': string };
type Leniency = {
  desc: string;
  secret: string;
  token: string;
  python: { ok: boolean; plaintext_utf8?: string };
};
type Extra = {
  generate: ExtraGenerate[];
  ttl_cases: ExtraDecrypt[];
  invalid: ExtraDecrypt[];
  multifernet_decrypt: MultiDecrypt[];
  multifernet_rotate: MultiRotate[];
  key_format: KeyFormat[];
  token_base64_leniency: Leniency[];
};

const specGenerate = readVector('fernet/generate.json') as SpecVector[];
const specVerify = readVector('fernet/verify.json') as SpecVector[];
const specInvalid = readVector('fernet/invalid.json') as (SpecVector & { desc: string })[];
const extra = readVector('fernet/fernet_extra.json') as Extra;

const unixSeconds = (iso: string) => Date.parse(iso) / 1000;

function timestampOf(token: string): bigint {
  return Buffer.from(token, 'base64url').readBigUInt64BE(1);
}

/** Runs a decryption and reports it in the vectors' own terms, so each case is one comparison. */
function outcome(run: () => Buffer | string): Outcome {
  try {
    const result = run();
    return { ok: true, plaintext_hex: Buffer.from(result).toString('hex') };
  } catch (error) {
    expect(error).toBeInstanceOf(FernetError);
    return { ok: false, error: 'InvalidToken' };
  }
}

function decryptOptions(v: { ttl_sec?: number | null; now_unix?: number | null }): FernetDecryptOptions {
  return v.ttl_sec === null || v.ttl_sec === undefined
    ? {}
    : { ttl: v.ttl_sec, now: v.now_unix ?? undefined };
}

const expectedOutcome = (e: Outcome): Outcome =>
  e.ok ? { ok: true, plaintext_hex: e.plaintext_hex } : { ok: false, error: e.error };

describe('fernet: official spec vectors', () => {
  it('has the vectors', () => {
    expect([specGenerate.length, specVerify.length, specInvalid.length]).toEqual([1, 1, 8]);
  });

  it.each(specGenerate)('generates $token', (v) => {
    const key = parseFernetKey(v.secret);
    const token = fernetEncrypt(key, v.src ?? '', { now: unixSeconds(v.now), iv: Buffer.from(v.iv ?? []) });
    expect(token).toBe(v.token);
  });

  it.each(specVerify)('verifies $token', (v) => {
    const plaintext = fernetDecrypt(parseFernetKey(v.secret), v.token, {
      ttl: v.ttl_sec,
      now: unixSeconds(v.now),
    });
    expect(plaintext.toString('utf8')).toBe(v.src);
  });

  it.each(specInvalid)('rejects: $desc', (v) => {
    const key = parseFernetKey(v.secret);
    expect(() => fernetDecrypt(key, v.token, { ttl: v.ttl_sec, now: unixSeconds(v.now) })).toThrow(
      FernetError,
    );
  });
});

describe('fernet: exact encryption (fernet_extra generate)', () => {
  it('has the vectors', () => expect(extra.generate).toHaveLength(34));

  it.each(extra.generate)('$desc', (v) => {
    const key = parseFernetKey(v.secret);
    // now_unix loses precision in JSON.parse above 2^53 (the 2^63-1 vector), so the string is the source.
    const now = BigInt(v.now_unix_str);
    const token = fernetEncrypt(key, Buffer.from(v.src_hex, 'hex'), {
      now,
      iv: Buffer.from(v.iv_hex, 'hex'),
    });
    expect(token).toBe(v.token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(v.token_len_bytes);
    expect(outcome(() => fernetDecrypt(key, v.token))).toEqual(expectedOutcome(v.expect));
    expect(outcome(() => fernetDecrypt(key, v.token, { ttl: 60, now }))).toEqual(expectedOutcome(v.expect));
  });
});

describe('fernet: ttl and clock skew (fernet_extra ttl_cases)', () => {
  it('has the vectors', () => expect(extra.ttl_cases).toHaveLength(11));

  it.each(extra.ttl_cases)('$desc', (v) => {
    const key = parseFernetKey(v.secret);
    expect(outcome(() => fernetDecrypt(key, v.token, decryptOptions(v)))).toEqual(expectedOutcome(v.expect));
  });
});

describe('fernet: tampered and malformed tokens (fernet_extra invalid)', () => {
  it('has the vectors', () => expect(extra.invalid).toHaveLength(21));

  it.each(extra.invalid)('$desc', (v) => {
    const key = parseFernetKey(v.secret);
    expect(outcome(() => fernetDecrypt(key, v.token, decryptOptions(v)))).toEqual(expectedOutcome(v.expect));
  });
});

describe('fernet: Keyring decrypt (fernet_extra multifernet_decrypt)', () => {
  it('has the vectors', () => expect(extra.multifernet_decrypt).toHaveLength(5));

  it.each(extra.multifernet_decrypt)('$desc', (v) => {
    const keyring = new Keyring(v.keys.map(parseFernetKey));
    const result = outcome(() => keyring.decrypt(v.token, decryptOptions(v)));
    expect(result).toEqual(expectedOutcome(v.expect));
  });
});

describe('fernet: Keyring rotate (fernet_extra multifernet_rotate)', () => {
  it('has the vectors', () => expect(extra.multifernet_rotate).toHaveLength(3));

  it.each(extra.multifernet_rotate)('$desc', (v) => {
    const keys = v.keys.map(parseFernetKey);
    const iv = Buffer.from(v.iv_used_hex ?? '00'.repeat(16), 'hex');
    const keyring = new Keyring(keys, { randomIv: () => iv });
    if (v.expect_error !== undefined) {
      expect(v.expect_error).toBe('InvalidToken');
      expect(() => keyring.rotate(v.token_in)).toThrow(FernetError);
      return;
    }
    const rotated = keyring.rotate(v.token_in);
    expect(rotated).toBe(v.token_out);
    expect(timestampOf(rotated)).toBe(BigInt(v.token_out_timestamp ?? -1));
    expect(timestampOf(v.token_in)).toBe(BigInt(v.token_in_timestamp ?? -1));
    const [newKey, oldKey] = keys;
    if (!newKey || !oldKey) throw new Error('rotation vectors need two keys');
    if (v.decrypts_with_new_only) {
      expect(outcome(() => fernetDecrypt(newKey, rotated))).toEqual(
        expectedOutcome(v.decrypts_with_new_only),
      );
    }
    if (v.decrypts_with_old_only) {
      expect(outcome(() => fernetDecrypt(oldKey, rotated))).toEqual(
        expectedOutcome(v.decrypts_with_old_only),
      );
    }
  });

  it('uses a fresh random IV by default and keeps the timestamp', () => {
    const v = extra.multifernet_rotate[0];
    if (!v) throw new Error('missing rotation vector');
    const keyring = new Keyring(v.keys.map(parseFernetKey));
    const first = keyring.rotate(v.token_in);
    const second = keyring.rotate(v.token_in);
    expect(first).not.toBe(second);
    expect(timestampOf(first)).toBe(timestampOf(v.token_in));
    expect(keyring.decrypt(first)).toBe(keyring.decrypt(v.token_in));
  });
});

describe('fernet: key format (fernet_extra key_format)', () => {
  it('has the vectors', () => expect(extra.key_format).toHaveLength(11));

  // Every Python verdict is kept, including the standard-alphabet key: the loader must not
  // refuse a key file an existing deployment started with.
  it.each(extra.key_format)('$desc', (v) => {
    if (v['python_Fernet(key)'] === 'accepted') {
      const key = parseFernetKey(v.key);
      expect(key.signing).toHaveLength(16);
      expect(key.encryption).toHaveLength(16);
    } else {
      expect(() => parseFernetKey(v.key)).toThrow(/Fernet key/);
    }
  });

  it('reads both alphabets as the same key bytes', () => {
    const standard = parseFernetKey('+//7//v/+//7//v/+//7//v/+//7//v/+//7//v/+/8=');
    const urlsafe = parseFernetKey('-__7__v_-__7__v_-__7__v_-__7__v_-__7__v_-_8=');
    expect(standard).toEqual(urlsafe);
  });
});

/**
 * Python's base64 decoder skips characters outside the alphabet and accepts '+/'; ours does not.
 * Tokens are only ever written by Fernet itself (canonical url-safe with padding), so refusing other
 * spellings costs no compatibility and gives each token exactly one valid string. Rejected here
 * although Python accepted them: trailing '\n', inserted spaces, '+/' alphabet, junk '*', a BOM.
 */
const leniencyVerdicts: Record<string, boolean> = {
  'canonical token': true,
  "token with '\\n' appended": false,
  'token with spaces inserted': false,
  'token in standard alphabet (+/ instead of -_)': false,
  'token padding stripped': false,
  "token with junk '*' chars inserted": false,
  "token as bytes-with-BOM-like prefix '\\ufeff'": false,
};

describe('fernet: token base64 leniency (fernet_extra token_base64_leniency)', () => {
  it('has a decision for every vector', () => {
    expect(extra.token_base64_leniency.map((v) => v.desc).sort()).toEqual(
      Object.keys(leniencyVerdicts).sort(),
    );
  });

  it.each(extra.token_base64_leniency)('$desc', (v) => {
    const key = parseFernetKey(v.secret);
    const accepted = leniencyVerdicts[v.desc];
    if (accepted) {
      expect(v.python.ok).toBe(true);
      expect(fernetDecrypt(key, v.token).toString('utf8')).toBe(v.python.plaintext_utf8);
    } else {
      expect(() => fernetDecrypt(key, v.token)).toThrow(FernetError);
    }
  });
});

describe('fernet: keys and the keyring file', () => {
  const keyA = 'MMIVN4fhyOUW5HZTGz7bIq_AaSvTFzPlzuZKbsCiRzw=';
  const keyB = 'Rz2yAbz7WrOn3HZNbGWp5of5qQFydrs1pxtSDQ1cj3o=';

  it('generates 44-character url-safe keys that parse and differ', () => {
    const a = generateFernetKey();
    const b = generateFernetKey();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(a).not.toBe(b);
    const key = parseFernetKey(a);
    expect(fernetDecrypt(key, fernetEncrypt(key, 'x')).toString()).toBe('x');
  });

  it('parses one key per line, ignoring blank lines, whitespace and CRLF', () => {
    const keyring = Keyring.parse(`\n  ${keyA}  \r\n\r\n\t${keyB}\n\n`);
    expect(keyring.size).toBe(2);
    const token = keyring.encrypt('température');
    expect(fernetDecrypt(parseFernetKey(keyA), token).toString('utf8')).toBe('température');
    // The second key still decrypts what it wrote before it stopped being the first.
    expect(keyring.decrypt(Keyring.parse(keyB).encrypt('old'))).toBe('old');
  });

  it('names the bad line', () => {
    expect(() => Keyring.parse(`${keyA}\n\nnot-a-key\n`)).toThrow(/line 3/);
  });

  it('refuses a file without keys', () => {
    expect(() => Keyring.parse(' \n\n')).toThrow(/no key/);
    expect(() => new Keyring([])).toThrow(/at least one/);
  });

  it('refuses a value that is not UTF-8 text with FernetError', () => {
    const key = parseFernetKey(keyA);
    const token = fernetEncrypt(key, Buffer.from([0xff, 0xfe]));
    expect(() => new Keyring([key]).decrypt(token)).toThrow(FernetError);
  });

  it('rejects a wrong-sized IV and timestamps outside 64 bits', () => {
    const key = parseFernetKey(keyA);
    expect(() => fernetEncrypt(key, 'x', { iv: Buffer.alloc(8) })).toThrow(RangeError);
    expect(() => fernetEncrypt(key, 'x', { now: 2n ** 64n })).toThrow(RangeError);
    expect(() => fernetEncrypt(key, 'x', { now: -1 })).toThrow(RangeError);
  });
});
