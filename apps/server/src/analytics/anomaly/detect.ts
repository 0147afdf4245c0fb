import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { detectDelimiter, parseCell, parseTimestamp, splitCsvLine } from './csv';
import { createDeviceDetector, type DeviceDetector } from './device-detector';
import { createSeriesDetector, type SeriesDetector, type SeriesDetectorOptions } from './series-detector';

export interface DetectOptions {
  /** Score these columns together (a device score per row) instead of the `value` column. */
  columns?: string[];
  /** Field delimiter; by default whichever of `,`, `;` or tab the header uses. */
  delimiter?: string;
  /** Write one JSON object of evidence per row instead of a bare score. */
  explain?: boolean;
  /** Options of the single-series detector (one column scored on its own). */
  series?: SeriesDetectorOptions;
}

const TIMESTAMP_NAMES = /^(timestamp|time|ts|datetime|date)$/i;
const FLUSH_LINES = 2048;
// A single series reads the timestamps of its first rows (the sampling interval, for the
// daily-season view); parsing every row's would only cost time.
const TIMESTAMP_ROWS = 32;

class InputError extends Error {}

/**
 * `dtwin detect`: reads a CSV with a header on `input`, writes one score per data row on
 * `output` (no header, same order, one line each), and returns the exit code. Scores are causal
 * (a row's score depends on it and earlier rows only) and the input is streamed, never held
 * whole. Missing values (empty, NaN, null, NA, …) score 0 and are counted on `errors`; a cell
 * that is not a number, a row with the wrong number of fields, a blank line between rows, or a
 * header without the needed columns stop the run with a one-line message and exit code 1.
 */
export async function runDetect(
  input: Readable,
  output: Writable,
  options: DetectOptions,
  errors: Writable,
): Promise<number> {
  let closed = false;
  let writeError: Error | null = null;
  output.on('error', (err: NodeJS.ErrnoException) => {
    closed = true;
    // A reader that went away (`dtwin detect < big.csv | head`) is not an error of ours.
    if (err.code !== 'EPIPE') writeError = err;
  });
  const state = { lineNo: 0, missing: 0, firstMissing: 0, rows: 0 };
  let setup: ReturnType<typeof readHeader> | null = null;
  let pendingBlank = 0;
  let out: string[] = [];

  async function flush() {
    if (out.length === 0 || closed) return;
    const ok = output.write(out.join(''));
    out = [];
    if (!ok && !closed) await Promise.race([once(output, 'drain'), once(output, 'close')]);
  }

  /** Takes one line; true when enough output is buffered to be written. */
  function handle(line: string): boolean {
    state.lineNo += 1;
    if (state.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') {
      if (setup) pendingBlank = pendingBlank || state.lineNo;
      return false;
    }
    if (!setup) {
      setup = readHeader(line, options, state.lineNo);
      return false;
    }
    if (pendingBlank) throw new InputError(`line ${pendingBlank}: blank line between data rows`);
    out.push(scoreRow(setup, line, state));
    return out.length >= FLUSH_LINES;
  }

  try {
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for await (const chunk of input) {
      if (closed) break;
      const text = carry + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (handle(text.slice(start, end))) await flush();
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    carry += decoder.end();
    if (carry.replace(/\r$/, '') !== '') handle(carry.replace(/\r$/, ''));
    if (!setup) throw new InputError('no header line: expected a CSV header such as "timestamp,value"');
    await flush();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    await flush();
    errors.write(`dtwin detect: ${err.message}\n`);
    return 1;
  }
  if (writeError) {
    errors.write(`dtwin detect: cannot write the scores: ${(writeError as Error).message}\n`);
    return 1;
  }
  if (state.missing > 0)
    errors.write(
      `dtwin detect: ${state.missing} missing value(s), first on line ${state.firstMissing}; each scored 0 (no evidence)\n`,
    );
  return 0;
}

interface Setup {
  delimiter: string;
  fields: number;
  columns: string[];
  indices: number[];
  timestampIndex: number;
  detector: DeviceDetector;
  /** Set when one column is scored on its own: the calibrated, sparse series detector. */
  series: SeriesDetector | null;
  row: Float64Array;
  explain: boolean;
}

function readHeader(line: string, options: DetectOptions, lineNo: number): Setup {
  const delimiter = options.delimiter ?? detectDelimiter(line);
  const names = splitCsvLine(line, delimiter).map((n) => n.trim());
  const find = (wanted: string) => {
    const exact = names.indexOf(wanted);
    return exact >= 0 ? exact : names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
  };
  const listed = names.map((n) => `"${n}"`).join(', ');
  let columns: string[];
  if (options.columns && options.columns.length > 0) {
    columns = options.columns;
    for (const c of columns)
      if (find(c) < 0)
        throw new InputError(`line ${lineNo}: no column "${c}" in the header (it has ${listed})`);
  } else if (find('value') >= 0) columns = ['value'];
  else {
    // Without a `value` column, a header of a timestamp plus one other column is unambiguous.
    const others = names.filter((n) => !TIMESTAMP_NAMES.test(n));
    if (others.length !== 1)
      throw new InputError(
        `line ${lineNo}: the header has no "value" column (it has ${listed}); name the columns to score with --columns`,
      );
    columns = others;
  }
  const indices = columns.map(find);
  return {
    delimiter,
    fields: names.length,
    columns: indices.map((i) => names[i]!),
    indices,
    timestampIndex: names.findIndex((n) => TIMESTAMP_NAMES.test(n)),
    detector: createDeviceDetector(indices.map((i) => names[i]!)),
    series: options.columns && options.columns.length > 1 ? null : createSeriesDetector(options.series),
    row: new Float64Array(indices.length),
    explain: options.explain === true,
  };
}

function scoreRow(
  setup: Setup,
  line: string,
  state: { lineNo: number; missing: number; firstMissing: number; rows: number },
): string {
  const cells = splitCsvLine(line, setup.delimiter);
  if (cells.length !== setup.fields)
    throw new InputError(`line ${state.lineNo}: expected ${setup.fields} fields, found ${cells.length}`);
  for (let i = 0; i < setup.indices.length; i++) {
    const raw = cells[setup.indices[i]!]!;
    const value = parseCell(raw);
    if (value === undefined)
      throw new InputError(
        `line ${state.lineNo}: "${raw.trim().slice(0, 40)}" in column "${setup.columns[i]}" is not a number`,
      );
    if (value === null) {
      state.missing += 1;
      if (state.firstMissing === 0) state.firstMissing = state.lineNo;
    }
    setup.row[i] = value ?? NaN;
  }
  state.rows += 1;
  const wantTs = setup.explain || (setup.series !== null && state.rows <= TIMESTAMP_ROWS);
  const ts = wantTs && setup.timestampIndex >= 0 ? parseTimestamp(cells[setup.timestampIndex]!) : undefined;
  if (setup.series) {
    const score = setup.series.score(setup.row[0]!, ts);
    if (!setup.explain) return `${formatScore(score)}\n`;
    const top = { metric: setup.columns[0]!, ...setup.series.explain() };
    return `${JSON.stringify({ row: state.rows, score: Number(formatScore(score)), combination: 'single', top, contributors: [] })}\n`;
  }
  const score = setup.detector.scoreArray(setup.row, ts);
  if (!setup.explain) return `${formatScore(score)}\n`;
  const { device, evidence } = setup.detector.explain();
  return `${JSON.stringify({ row: state.rows, score: Number(formatScore(device)), ...evidence })}\n`;
}

/** Six decimals, truncated rather than rounded so that no score ever prints as 1. */
export function formatScore(score: number): string {
  return (Math.floor(score * 1e6) / 1e6).toFixed(6);
}
