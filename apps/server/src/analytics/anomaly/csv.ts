/** The small amount of CSV that `dtwin detect` needs: one line at a time, quotes honoured. */

export function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** The delimiter a header line most plausibly uses: `,`, `;` or a tab. */
export function detectDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    const count = header.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'nan', 'null', 'na', 'n/a', 'none', '-', '?']);
const INFINITE = /^[+-]?(inf|infinity)$/i;

/**
 * A cell's number: a finite value, `null` for a missing one (empty, NaN, null, NA, N/A, none,
 * -, ?, ±inf, or a numeral too large for a double), `undefined` when it is not a number at all.
 */
export function parseCell(raw: string): number | null | undefined {
  const text = raw.trim();
  if (MISSING.has(text.toLowerCase()) || INFINITE.test(text)) return null;
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Epoch milliseconds from an ISO date, `YYYY-MM-DD hh:mm:ss`, or epoch seconds/milliseconds. */
export function parseTimestamp(raw: string): number | undefined {
  const text = raw.trim();
  if (NUMBER.test(text)) {
    const n = Number(text);
    return Math.abs(n) < 1e11 ? n * 1000 : n;
  }
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
