/**
 * Python's `json.loads` and `json.dumps` (CPython 3.11, default settings), exactly enough to
 * recompute the original system's integrity hashes: it hashed `json.dumps(value, sort_keys=True)`
 * for dicts and `str(value)` for everything else, after reading the value back with `json.loads`.
 * JavaScript's JSON differs in every detail that matters here (1.0 vs 1, big integers, NaN,
 * duplicate keys, key order, escaping), so values are parsed into a model of Python's types.
 */

/** A Python int (arbitrary precision). */
export class PyInt {
  constructor(readonly value: bigint) {}
}

/** A Python float (a double; kept apart from ints because 1.0 and 1 print differently). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python dict: insertion-ordered; a repeated key keeps its first position and its last value. */
export class PyDict {
  constructor(readonly entries: Map<string, PyValue> = new Map()) {}
}

export type PyValue = null | boolean | PyInt | PyFloat | string | PyValue[] | PyDict;

/** What `json.loads` raises as JSONDecodeError: the original then kept the text as a string. */
export class PyJsonDecodeError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at ${position}`);
    this.name = 'PyJsonDecodeError';
  }
}

/** Any other failure Python would have raised (ValueError, RecursionError): the original skipped the record. */
export class PyValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PyValueError';
  }
}

const MAX_INT_DIGITS = 4300; // sys.int_info.default_max_str_digits (3.11)
const MAX_DEPTH = 900; // below CPython's default recursion limit of 1000
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** `json.loads(text)` with Python's defaults (strict strings, NaN and Infinity allowed). */
export function pyJsonLoads(text: string): PyValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i += 1;
  };
  const fail = (message: string): never => {
    throw new PyJsonDecodeError(message, i);
  };

  function string(): string {
    i += 1; // opening quote
    let out = '';
    for (;;) {
      const start = i;
      while (i < text.length && text[i] !== '"' && text[i] !== '\\' && text.charCodeAt(i) >= 0x20) i += 1;
      out += text.slice(start, i);
      if (i >= text.length) fail('Unterminated string starting');
      const c = text[i]!;
      if (c === '"') {
        i += 1;
        return out;
      }
      if (c !== '\\') fail('Invalid control character');
      const e = text[i + 1];
      if (e === undefined) fail('Unterminated string starting');
      if (e !== 'u') {
        const simple = SIMPLE_ESCAPES[e!];
        if (simple === undefined) fail('Invalid \\escape');
        out += simple;
        i += 2;
        continue;
      }
      const hex = (at: number) => {
        const h = text.slice(at, at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('Invalid \\uXXXX escape');
        return parseInt(h, 16);
      };
      let code = hex(i + 2);
      i += 6;
      // A high surrogate followed by an escaped low one is one character, as in Python.
      if (code >= 0xd800 && code <= 0xdbff && text[i] === '\\' && text[i + 1] === 'u') {
        const low = hex(i + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
      }
      out += code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code);
    }
  }

  function value(depth: number): PyValue {
    if (depth > MAX_DEPTH)
      throw new PyValueError('maximum recursion depth exceeded while decoding a JSON document');
    const c = text[i];
    if (c === '"') return string();
    if (c === '{') {
      i += 1;
      const dict = new PyDict();
      ws();
      if (text[i] === '}') {
        i += 1;
        return dict;
      }
      for (;;) {
        if (text[i] !== '"') fail('Expecting property name enclosed in double quotes');
        const key = string();
        ws();
        if (text[i] !== ':') fail("Expecting ':' delimiter");
        i += 1;
        ws();
        dict.entries.set(key, value(depth + 1));
        ws();
        if (text[i] === '}') {
          i += 1;
          return dict;
        }
        if (text[i] !== ',') fail("Expecting ',' delimiter");
        i += 1;
        ws();
      }
    }
    if (c === '[') {
      i += 1;
      const list: PyValue[] = [];
      ws();
      if (text[i] === ']') {
        i += 1;
        return list;
      }
      for (;;) {
        list.push(value(depth + 1));
        ws();
        if (text[i] === ']') {
          i += 1;
          return list;
        }
        if (text[i] !== ',') fail("Expecting ',' delimiter");
        i += 1;
        ws();
      }
    }
    for (const [word, result] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', new PyFloat(NaN)],
      ['Infinity', new PyFloat(Infinity)],
      ['-Infinity', new PyFloat(-Infinity)],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return result;
      }
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) return fail('Expecting value');
    i += match[0].length;
    if (match[1] !== undefined || match[2] !== undefined) return new PyFloat(Number(match[0]));
    const digits = match[0].replace('-', '');
    if (digits.length > MAX_INT_DIGITS)
      throw new PyValueError('Exceeds the limit for integer string conversion');
    return new PyInt(BigInt(match[0]));
  }

  ws();
  const result = value(0);
  ws();
  if (i !== text.length) fail('Extra data');
  return result;
}

/** `float.__repr__`: the shortest digits that read back as the same double, fixed notation for 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', exp = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const sign = x < 0 ? '-' : '';
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  const whole = digits.padEnd(e + 1, '0');
  const fraction = digits.slice(e + 1);
  return `${sign}${whole.slice(0, e + 1)}.${fraction || '0'}`;
}

/** json's float spelling: repr, except NaN and the infinities (allow_nan=True). */
function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pyFloatRepr(x);
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** `encode_basestring_ascii`: everything outside printable ASCII as \uXXXX (astral characters as surrogate pairs). */
export function pyJsonString(s: string): string {
  // UTF-16 code units are exactly the \uXXXX escapes Python writes, surrogate pairs included.
  return `"${s.replace(/[\\"]|[^\x20-\x7e]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** Python orders str keys by code point; JavaScript's < compares UTF-16 units, which differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx - cy;
  }
}

/** `json.dumps(value, sort_keys=…)` with the default separators `', '` and `': '` and ensure_ascii. */
export function pyJsonDumps(value: PyValue, options: { sortKeys?: boolean } = {}): string {
  const dump = (v: PyValue): string => {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (typeof v === 'string') return pyJsonString(v);
    if (v instanceof PyInt) return v.value.toString();
    if (v instanceof PyFloat) return jsonFloat(v.value);
    if (Array.isArray(v)) return `[${v.map(dump).join(', ')}]`;
    const keys = [...v.entries.keys()];
    if (options.sortKeys) keys.sort(compareCodePoints);
    return `{${keys.map((k) => `${pyJsonString(k)}: ${dump(v.entries.get(k)!)}`).join(', ')}}`;
  };
  return dump(value);
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(str)`: single quotes unless the text has ' and no ", escapes for what is not printable. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x7f || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** `repr(value)` for what `json.loads` returns. */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return pyStrRepr(v);
  if (v instanceof PyInt) return v.value.toString();
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${[...v.entries].map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** `str(value)`: a str is itself, everything else its repr. */
export function pyStr(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
