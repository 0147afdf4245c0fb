import { RUL_LIMITS, type RulDataset, type UnitHistory } from './run-to-failure';

/** The 26 columns of NASA's C-MAPSS text files: unit, cycle, 3 settings, 21 sensors. */
const CMAPSS_METRICS = [
  'setting1',
  'setting2',
  'setting3',
  ...Array.from({ length: 21 }, (_, i) => `s${i + 1}`),
];

const SETTING_NAME = /^(setting|op_?setting|operating_?setting|op)\d*$|^(setting|condition)_/i;

export class RulDataError extends Error {}

function toNumber(field: string, line: number): number {
  const t = field.trim();
  if (t === '' || /^(nan|null|na|n\/a)$/i.test(t)) return NaN;
  const v = Number(t);
  if (!Number.isFinite(v)) throw new RulDataError(`line ${line}: '${t.slice(0, 40)}' is not a number`);
  return v;
}

/**
 * Reads C-MAPSS text (space-separated, no header) or CSV with a header `unit,time,<metric>…`,
 * told apart by the first line. Rows of a unit need not be contiguous; they are sorted by time.
 */
export function parseRulDataset(text: string): RulDataset {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new RulDataError('the file is empty');
  const header = lines[first]!.trim();
  const isCsv = /[a-z]/i.test(header) && header.includes(',');
  let metrics: string[];
  let split: (line: string) => string[];
  let start: number;
  if (isCsv) {
    const names = header.split(',').map((n) => n.trim().replace(/^"|"$/g, ''));
    if (names.length < 3 || names[0]!.toLowerCase() !== 'unit' || !/^(time|cycle|ts)$/i.test(names[1]!))
      throw new RulDataError('a CSV header must start with unit,time and name at least one metric');
    metrics = names.slice(2);
    split = (line) => line.split(',');
    start = first + 1;
  } else {
    metrics = CMAPSS_METRICS;
    split = (line) => line.trim().split(/\s+/);
    start = first;
  }
  if (metrics.length > RUL_LIMITS.maxMetrics)
    throw new RulDataError(`more than ${RUL_LIMITS.maxMetrics} metrics`);
  const width = metrics.length + 2;
  const byUnit = new Map<number, { time: number; row: number[] }[]>();
  let count = 0;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = split(line);
    if (fields.length !== width)
      throw new RulDataError(`line ${i + 1}: ${fields.length} fields, expected ${width}`);
    if (++count > RUL_LIMITS.maxRows) throw new RulDataError(`more than ${RUL_LIMITS.maxRows} rows`);
    const unit = toNumber(fields[0]!, i + 1);
    const time = toNumber(fields[1]!, i + 1);
    if (!Number.isFinite(unit) || !Number.isFinite(time))
      throw new RulDataError(`line ${i + 1}: unit and time must be numbers`);
    let rows = byUnit.get(unit);
    if (!rows) {
      if (byUnit.size >= RUL_LIMITS.maxUnits)
        throw new RulDataError(`more than ${RUL_LIMITS.maxUnits} units`);
      rows = [];
      byUnit.set(unit, rows);
    }
    rows.push({ time, row: fields.slice(2).map((f) => toNumber(f, i + 1)) });
  }
  if (byUnit.size === 0) throw new RulDataError('the file has no rows');
  const units: UnitHistory[] = [...byUnit.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([unit, rows]) => {
      rows.sort((a, b) => a.time - b.time);
      return { unit, times: rows.map((r) => r.time), rows: rows.map((r) => r.row) };
    });
  const settings = isCsv ? metrics.flatMap((m, j) => (SETTING_NAME.test(m) ? [j] : [])) : [0, 1, 2];
  return { metrics, settings, units };
}
