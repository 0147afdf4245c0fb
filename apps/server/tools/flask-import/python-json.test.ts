import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readVector } from '../../test/support/vectors';
import { fernetEncrypt, Keyring, parseFernetKey } from '../../src/crypto/fernet';
import {
  dataHash,
  decryptAesGcmStored,
  decryptFernetStored,
  hashInput,
  readBack,
  readStoredRecord,
  storedFormat,
} from './flask-storage';
import {
  compareCodePoints,
  PyDict,
  PyFloat,
  PyInt,
  PyJsonDecodeError,
  pyFloatRepr,
  pyJsonDumps,
  pyJsonLoads,
  pyRepr,
  pyStrRepr,
} from './python-json';

interface DumpsVector {
  input_json: string;
  python_json_dumps_sort_keys: string;
  sha256: string;
  python_json_dumps_default: string;
}

interface StorageVector {
  desc: string;
  python_value_repr: string;
  plaintext_utf8: string;
  fernet_token: string;
  stored_column_value: string;
  data_hash: string;
  data_hash_input: string;
  read_back_parsed_as_json: boolean;
  read_back_value_repr: string;
  integrity_check_passes_on_read: boolean;
}

interface AesVector {
  desc: string;
  ENCRYPTION_KEY: string;
  plaintext_utf8: string;
  stored_column_value: string;
}

const storage = readVector('app_storage.json') as {
  meta: { fernet_key_used: string; fernet_time: number; fernet_iv_hex: string };
  fernet_storage_vectors: StorageVector[];
  aes_gcm_upstream_variant: AesVector[];
  python_json_dumps_sort_keys_vectors: DumpsVector[];
};
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const keyring = Keyring.parse(storage.meta.fernet_key_used);

describe("Python's json.dumps, emulated", () => {
  it('has vectors to check against', () => {
    expect(storage.python_json_dumps_sort_keys_vectors.length).toBeGreaterThanOrEqual(32);
    expect(storage.fernet_storage_vectors.length).toBeGreaterThanOrEqual(17);
  });

  it.each(storage.python_json_dumps_sort_keys_vectors.map((v) => [v.input_json, v] as const))(
    'json.dumps(json.loads(%s)) with and without sort_keys',
    (_input, v) => {
      const value = pyJsonLoads(v.input_json);
      const sorted = pyJsonDumps(value, { sortKeys: true });
      expect(sorted).toBe(v.python_json_dumps_sort_keys);
      expect(sha256(sorted)).toBe(v.sha256);
      expect(pyJsonDumps(value)).toBe(v.python_json_dumps_default);
      expect(dataHash(value)).toBe(v.sha256);
    },
  );

  it('keeps ints and floats apart, big ints exact, and -0.0 signed', () => {
    expect(pyJsonDumps(pyJsonLoads('[1, 1.0, -0, -0.0, 1e2, 12345678901234567890123]'))).toBe(
      '[1, 1.0, 0, -0.0, 100.0, 12345678901234567890123]',
    );
  });

  it('prints floats as Python repr does', () => {
    const cases: Array<[number, string]> = [
      [0.1 + 0.2, '0.30000000000000004'],
      [1e15, '1000000000000000.0'],
      [9999999999999998, '9999999999999998.0'],
      [1e16, '1e+16'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [-1.5e-10, '-1.5e-10'],
      [1e100, '1e+100'],
      [123.456, '123.456'],
      [Infinity, 'inf'],
      [NaN, 'nan'],
    ];
    for (const [x, repr] of cases) expect(pyFloatRepr(x)).toBe(repr);
  });

  it('refuses what Python refuses, as a decode error', () => {
    for (const bad of [
      '',
      '{',
      '{"a":1,}',
      '[1,]',
      "{'a': 1}",
      '01',
      '1.',
      '"\u0001"',
      '"\\x41"',
      'True',
      'None',
      '[1] x',
      '\ufeff{}',
    ]) {
      expect(() => pyJsonLoads(bad), bad).toThrow(PyJsonDecodeError);
    }
  });

  it('parses what Python parses that JSON.parse does not', () => {
    expect(pyJsonLoads('-Infinity')).toEqual(new PyFloat(-Infinity));
    expect(pyJsonLoads(' {"a": NaN} ')).toBeInstanceOf(PyDict);
    expect(pyJsonLoads('"\\ud83d\\ude00\\ud800"')).toBe('😀\ud800');
    expect(pyJsonLoads('7')).toEqual(new PyInt(7n));
  });

  it('orders keys by code point, as Python sorts str', () => {
    expect(['\uffff', '😀', 'a'].sort(compareCodePoints)).toEqual(['a', '\uffff', '😀']);
  });

  it('writes Python reprs', () => {
    expect(pyRepr(pyJsonLoads('[1, "a", {"b": [true, null, 2.5]}, "it\'s"]'))).toBe(
      `[1, 'a', {'b': [True, None, 2.5]}, "it's"]`,
    );
    expect(pyStrRepr('tab\there \u00a0 \u00e9 \u0001 \\')).toBe("'tab\\there \\xa0 é \\x01 \\\\'");
  });
});

describe("the original system's encrypted storage", () => {
  const key = parseFernetKey(storage.meta.fernet_key_used);
  const iv = Buffer.from(storage.meta.fernet_iv_hex, 'hex');

  it.each(storage.fernet_storage_vectors.map((v) => [v.desc, v] as const))('%s', (_desc, v) => {
    // Writing, as encrypt_data did: Fernet over the text, then base64 again.
    expect(fernetEncrypt(key, v.plaintext_utf8, { now: storage.meta.fernet_time, iv })).toBe(v.fernet_token);
    expect(Buffer.from(v.fernet_token, 'ascii').toString('base64')).toBe(v.stored_column_value);
    expect(storedFormat(v.stored_column_value)).toBe('fernet');
    expect(sha256(v.data_hash_input)).toBe(v.data_hash);

    // Reading, as get_health_data did.
    const text = decryptFernetStored(keyring, v.stored_column_value);
    expect(text).toBe(v.plaintext_utf8);
    const { value, parsedAsJson } = readBack(text);
    expect(parsedAsJson).toBe(v.read_back_parsed_as_json);
    expect(pyRepr(value)).toBe(v.read_back_value_repr);
    expect(hashInput(value) === v.data_hash_input).toBe(v.integrity_check_passes_on_read);
    const record = readStoredRecord(
      (s) => decryptFernetStored(keyring, s),
      v.stored_column_value,
      v.data_hash,
    );
    expect(record.ok).toBe(v.integrity_check_passes_on_read);
    if (!record.ok) expect(record.reason).toBe('integrity');
    // A dict was encrypted as json.dumps(x) without sorting: reading and dumping gives the plaintext back.
    if (v.python_value_repr.startsWith('{')) expect(pyJsonDumps(value)).toBe(v.plaintext_utf8);
  });

  it('reports a value under another key as undecryptable, and a changed hash as an integrity failure', () => {
    const v = storage.fernet_storage_vectors[0]!;
    const other = Keyring.parse('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=');
    const wrongKey = readStoredRecord(
      (s) => decryptFernetStored(other, s),
      v.stored_column_value,
      v.data_hash,
    );
    expect(wrongKey).toMatchObject({ ok: false, reason: 'undecryptable' });
    const tampered = readStoredRecord(
      (s) => decryptFernetStored(keyring, s),
      v.stored_column_value,
      '0'.repeat(64),
    );
    expect(tampered).toMatchObject({ ok: false, reason: 'integrity' });
  });

  it.each(storage.aes_gcm_upstream_variant.map((v) => [v.desc, v] as const))(
    'AES-GCM variant: %s',
    (_desc, v) => {
      expect(storedFormat(v.stored_column_value)).toBe('aes-gcm');
      expect(decryptAesGcmStored(Buffer.from(v.ENCRYPTION_KEY, 'base64'), v.stored_column_value)).toBe(
        v.plaintext_utf8,
      );
    },
  );
});
