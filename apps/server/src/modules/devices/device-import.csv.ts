import { createDeviceBodySchema, type CreateDeviceBody } from '@dtwin/contracts/devices';
import {
  DEVICE_IMPORT_MAX_ERRORS,
  DEVICE_IMPORT_MAX_ROWS,
  deviceImportColumns,
  requiredImportColumns,
  type DeviceImportColumn,
  type ImportLineError,
} from '@dtwin/contracts/device-import';
import { CsvError, parse } from 'csv-parse/sync';

/** One device of the file, with the line it came from. */
export interface ImportRow {
  line: number;
  body: CreateDeviceBody;
}

/** The good lines and the problems of the others (an import goes ahead only when there are none). */
export interface ParsedImport {
  rows: ImportRow[];
  errors: ImportLineError[];
}

const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no', '']);

/** A field of the body schema → the CSV column it came from (for the line errors). */
const columnOfPath = (path: PropertyKey[]): string | null => {
  const [first, second] = path;
  if (first === 'location' && typeof second === 'string') return second;
  return typeof first === 'string' ? first : null;
};

/**
 * Reads a device file: a header naming its columns (any order, `id`, `name` and `model` required),
 * then one device per line. Every problem of every line is collected (up to
 * DEVICE_IMPORT_MAX_ERRORS), with the line (the header is line 1) and the column.
 */
export function parseDeviceCsv(text: string): ParsedImport {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // One more than allowed (with the header), so that too long a file is told apart.
      to: DEVICE_IMPORT_MAX_ROWS + 2,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (err) {
    if (err instanceof CsvError)
      return {
        rows: [],
        errors: [{ line: Number((err as { lines?: number }).lines ?? 1), column: null, reason: err.message }],
      };
    throw err;
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], errors: [{ line: 1, column: null, reason: 'the file is empty' }] };

  const errors: ImportLineError[] = [];
  const add = (e: ImportLineError) => {
    if (errors.length < DEVICE_IMPORT_MAX_ERRORS) errors.push(e);
  };
  const columns = header.record.map((c) => c.toLowerCase());
  const known = new Set<string>(deviceImportColumns);
  columns.forEach((c, i) => {
    if (!known.has(c))
      add({
        line: 1,
        column: c || `#${i + 1}`,
        reason: `unknown column; use ${deviceImportColumns.join(', ')}`,
      });
    else if (columns.indexOf(c) !== i) add({ line: 1, column: c, reason: 'the column appears twice' });
  });
  for (const c of requiredImportColumns)
    if (!columns.includes(c)) add({ line: 1, column: c, reason: 'this column is required' });
  if (errors.length > 0) return { rows: [], errors };
  if (data.length === 0)
    return { rows: [], errors: [{ line: 2, column: null, reason: 'the file has no devices' }] };
  if (data.length > DEVICE_IMPORT_MAX_ROWS)
    return {
      rows: [],
      errors: [
        {
          line: data[DEVICE_IMPORT_MAX_ROWS]!.info.lines,
          column: null,
          reason: `at most ${DEVICE_IMPORT_MAX_ROWS} devices per file`,
        },
      ],
    };

  const rows: ImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of data) {
    const line = info.lines;
    if (record.length !== columns.length) {
      add({ line, column: null, reason: `${record.length} fields where the header has ${columns.length}` });
      continue;
    }
    const cell = (c: DeviceImportColumn) => {
      const i = columns.indexOf(c);
      return i < 0 ? '' : record[i]!;
    };
    const lineErrors: ImportLineError[] = [];
    const number = (c: 'x' | 'y') => {
      const v = cell(c);
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) lineErrors.push({ line, column: c, reason: 'must be a number' });
      return n;
    };
    const flag = cell('maintenance_mode').toLowerCase();
    if (!TRUE.has(flag) && !FALSE.has(flag))
      lineErrors.push({ line, column: 'maintenance_mode', reason: 'must be true or false' });
    const optional = (c: DeviceImportColumn) => (cell(c) === '' ? undefined : cell(c));
    const candidate = {
      id: cell('id'),
      name: cell('name'),
      model: cell('model'),
      location: { site: cell('site'), zone: cell('zone'), x: number('x'), y: number('y') },
      manufacturer: optional('manufacturer'),
      model_number: optional('model_number'),
      firmware: optional('firmware'),
      installed_at: optional('installed_at'),
      last_maintenance_at: optional('last_maintenance_at'),
      tags:
        cell('tags') === ''
          ? []
          : cell('tags')
              .split(';')
              .map((t) => t.trim()),
      maintenance_mode: TRUE.has(flag),
      asset_id: optional('asset_id'),
    };
    const parsed = createDeviceBodySchema.safeParse(candidate);
    if (!parsed.success) {
      const byColumn = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = columnOfPath(issue.path);
        if (column && byColumn.has(column)) continue;
        if (column) byColumn.add(column);
        lineErrors.push({ line, column, reason: issue.message });
      }
    }
    if (parsed.success && seen.has(parsed.data.id))
      lineErrors.push({ line, column: 'id', reason: `the same id is on line ${seen.get(parsed.data.id)}` });
    if (lineErrors.length > 0 || !parsed.success) {
      lineErrors.forEach(add);
      continue;
    }
    seen.set(parsed.data.id, line);
    rows.push({ line, body: parsed.data });
  }
  return { rows, errors };
}
