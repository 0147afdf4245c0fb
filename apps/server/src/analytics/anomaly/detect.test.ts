import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runDetect, type DetectOptions } from './detect';
import { createRandom } from '../../../tools/anomaly-eval/synthetic';
import { createSeriesDetector } from './series-detector';

/** Runs `runDetect` over text given as one or more chunks; returns exit code, stdout and stderr. */
async function detect(input: string | string[], options: DetectOptions = {}) {
  const chunks = typeof input === 'string' ? [input] : input;
  const output = new PassThrough();
  const errors = new PassThrough();
  let stdout = '';
  let stderr = '';
  output.on('data', (d: Buffer) => (stdout += d.toString()));
  errors.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await runDetect(Readable.from(chunks.map((c) => Buffer.from(c))), output, options, errors);
  return { code, lines: stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n'), stdout, stderr };
}

const csv = (values: readonly (number | string)[], header = 'timestamp,value') =>
  [header, ...values.map((v, i) => `${1_700_000_000 + i * 60},${v}`)].join('\n') + '\n';

const noise = (n: number, seed: number) => {
  const rnd = createRandom(seed);
  return Array.from({ length: n }, () => 20 + rnd.normal());
};

describe('dtwin detect (runDetect)', () => {
  it('writes exactly one score per row, in order, from the first row, and no header', async () => {
    const values = noise(400, 1);
    values[300] = 35;
    const { code, lines, stderr } = await detect(csv(values));
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(lines).toHaveLength(400);
    for (const line of lines) expect(line).toMatch(/^0\.\d{6}$/);
    // The same numbers the series detector gives, reading by reading.
    const detector = createSeriesDetector();
    const expected = values.map((v, i) => detector.score(v, (1_700_000_000 + i * 60) * 1000));
    lines.forEach((line, i) => expect(Number(line)).toBeCloseTo(expected[i]!, 5));
    expect(Number(lines[300])).toBeGreaterThan(0.7);
  });

  it('does not care where the input is cut into chunks, nor about CRLF or a BOM', async () => {
    const text = csv(noise(200, 2));
    const whole = await detect(text);
    const crlf = '\ufeff' + text.replace(/\n/g, '\r\n');
    const pieces: string[] = [];
    for (let i = 0; i < crlf.length; i += 7) pieces.push(crlf.slice(i, i + 7));
    const chopped = await detect(pieces);
    expect(chopped.code).toBe(0);
    expect(chopped.stdout).toBe(whole.stdout);
  });

  it('accepts a last line without a newline, and trailing blank lines', async () => {
    const { code, lines } = await detect('timestamp,value\n1,10\n2,11\n3,10.5\n\n\n');
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect((await detect('timestamp,value\n1,10\n2,11')).lines).toHaveLength(2);
    expect((await detect('timestamp,value\n')).lines).toEqual([]);
  });

  it('scores missing values 0, counts them, and carries on', async () => {
    const values: (number | string)[] = noise(100, 3);
    values[40] = '';
    values[41] = 'NaN';
    values[42] = 'null';
    const { code, lines, stderr } = await detect(csv(values));
    expect(code).toBe(0);
    expect(lines).toHaveLength(100);
    expect(lines.slice(40, 43)).toEqual(['0.000000', '0.000000', '0.000000']);
    expect(stderr).toBe('dtwin detect: 3 missing value(s), first on line 42; each scored 0 (no evidence)\n');
  });

  it.each([
    [
      'a value that is not a number',
      'timestamp,value\n1,10\n2,abc\n',
      /^dtwin detect: line 3: "abc" in column "value" is not a number\n$/,
    ],
    [
      'a row with a missing field',
      'timestamp,value\n1,10\n2\n',
      /^dtwin detect: line 3: expected 2 fields, found 1\n$/,
    ],
    [
      'a blank line between rows',
      'timestamp,value\n1,10\n\n2,11\n',
      /^dtwin detect: line 3: blank line between data rows\n$/,
    ],
    [
      'no value column',
      'time,a,b\n1,2,3\n',
      /^dtwin detect: line 1: the header has no "value" column .*--columns\n$/,
    ],
    ['no input at all', '', /^dtwin detect: no header line/],
  ])('stops with a clear message and exit code 1 on %s', async (_what, input, message) => {
    const { code, stderr } = await detect(input);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('scores the one non-timestamp column when there is no "value" column', async () => {
    const { code, lines } = await detect(csv(noise(30, 4), 'time,temperature'));
    expect(code).toBe(0);
    expect(lines).toHaveLength(30);
  });

  it('combines several columns into a device score with --columns, any delimiter', async () => {
    const rnd = createRandom(5);
    const rows = ['datetime;vibration;current;note'];
    for (let i = 0; i < 600; i++) {
      const drift = i >= 450 ? (i - 450) / 30 : 0;
      rows.push(`${i};${(1 + rnd.normal() + drift).toFixed(4)};${(5 + rnd.normal() + drift).toFixed(4)};ok`);
    }
    const { code, lines } = await detect(rows.join('\n') + '\n', { columns: ['vibration', 'current'] });
    expect(code).toBe(0);
    expect(lines).toHaveLength(600);
    expect(Math.max(...lines.slice(50, 450).map(Number))).toBeLessThan(0.5);
    expect(Math.max(...lines.slice(450).map(Number))).toBeGreaterThan(0.5);
    const missing = await detect('a,b\n1,2\n', { columns: ['a', 'c'] });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no column "c" in the header \(it has "a", "b"\)/);
  });

  it('explains each row as JSON with --explain', async () => {
    const values = noise(300, 6);
    values[250] = 40;
    const { code, lines } = await detect(csv(values), { explain: true });
    expect(code).toBe(0);
    expect(lines).toHaveLength(300);
    const row = JSON.parse(lines[250]!) as {
      row: number;
      score: number;
      top: { metric: string; rule: string };
    };
    expect(row.row).toBe(251);
    expect(row.score).toBeGreaterThan(0.7);
    expect(row.top).toMatchObject({
      metric: 'value',
      rule: 'forecast',
      value: 40,
      tsMs: (1_700_000_000 + 250 * 60) * 1000,
    });
  });

  it('streams: a large input is scored without holding it, with bounded output buffering', async () => {
    const rows = 200_000;
    const rnd = createRandom(7);
    let sent = 0;
    const input = new Readable({
      read() {
        if (sent === 0) this.push('timestamp,value\n');
        let chunk = '';
        for (let i = 0; i < 5000 && sent < rows; i++, sent++)
          chunk += `${sent},${(20 + rnd.normal()).toFixed(3)}\n`;
        this.push(chunk === '' ? null : chunk);
      },
    });
    const output = new PassThrough({ highWaterMark: 1024 });
    let count = 0;
    let maxLine = 0;
    let carry = '';
    output.on('data', (d: Buffer) => {
      const lines = (carry + d.toString()).split('\n');
      carry = lines.pop()!;
      count += lines.length;
      for (const line of lines) maxLine = Math.max(maxLine, line.length);
    });
    const code = await runDetect(input, output, {}, new PassThrough());
    expect(code).toBe(0);
    expect(count).toBe(rows);
    expect(carry).toBe('');
    expect(maxLine).toBe(8);
  });
});

describe('dtwin detect (the real command)', () => {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/dtwin.js');

  function run(args: string[], input: string) {
    const child = spawn(process.execPath, [bin, 'detect', ...args], {
      env: {}, // none of the test runner's settings: the command must work on its own
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, stdout, stderr })),
    );
  }

  it('reads timestamp,value on stdin and prints one score per row', async () => {
    const values = noise(120, 8);
    values[100] = 40;
    const { code, stdout, stderr } = await run([], csv(values));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(120);
    for (const line of lines) expect(Number(line)).toBeGreaterThanOrEqual(0);
    expect(Number(lines[100])).toBeGreaterThan(0.5);
  });

  it('fails with exit code 1 and one line on stderr for bad input', async () => {
    const { code, stdout, stderr } = await run([], 'timestamp,value\n1,10\n2,ten\n');
    expect(code).toBe(1);
    expect(stdout).toBe('0.000000\n');
    expect(stderr).toBe('dtwin detect: line 3: "ten" in column "value" is not a number\n');
  });
});
