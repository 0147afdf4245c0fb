import fs from 'node:fs';
import path from 'node:path';

/** One labelled run: a column of values per channel and a 0/1 label per row. */
export interface LabelledSeries {
  /** e.g. `valve1/3` or `synthetic/spikes`. */
  name: string;
  group: string;
  channels: string[];
  values: Float64Array[];
  labels: Uint8Array;
}

export const SKAB_CHANNELS = [
  'Accelerometer1RMS',
  'Accelerometer2RMS',
  'Current',
  'Pressure',
  'Temperature',
  'Thermocouple',
  'Voltage',
  'Volume Flow RateRMS',
];

export const SKAB_GROUPS = ['valve1', 'valve2', 'other'];

/** Parses one SKAB CSV (`;`-separated, `datetime` first, then channels, `anomaly`, `changepoint`). */
export function parseSkab(text: string, name: string, group: string): LabelledSeries {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split(';');
  const channelIndex = SKAB_CHANNELS.map((c) => header.indexOf(c));
  const missing = SKAB_CHANNELS.filter((_, i) => channelIndex[i]! < 0);
  if (missing.length > 0) throw new Error(`${name}: no column ${missing.join(', ')}`);
  const labelIndex = header.indexOf('anomaly');
  const rows = lines.length - 1;
  const values = SKAB_CHANNELS.map(() => new Float64Array(rows));
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1]!.split(';');
    channelIndex.forEach((ci, c) => (values[c]![r] = Number(cells[ci])));
    labels[r] = labelIndex >= 0 && Number(cells[labelIndex]) === 1 ? 1 : 0;
  }
  return { name, group, channels: [...SKAB_CHANNELS], values, labels };
}

/** Every labelled run under `<dir>/data/<group>/*.csv`, in a stable order. */
export function loadSkab(dir: string): LabelledSeries[] {
  const dataDir = fs.existsSync(path.join(dir, 'data')) ? path.join(dir, 'data') : dir;
  const out: LabelledSeries[] = [];
  for (const group of SKAB_GROUPS) {
    const groupDir = path.join(dataDir, group);
    if (!fs.existsSync(groupDir)) continue;
    const files = fs
      .readdirSync(groupDir)
      .filter((f) => f.endsWith('.csv'))
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
    for (const file of files) {
      const text = fs.readFileSync(path.join(groupDir, file), 'utf8');
      out.push(parseSkab(text, `${group}/${path.basename(file, '.csv')}`, group));
    }
  }
  if (out.length === 0)
    throw new Error(`no SKAB runs found under ${dataDir} (expected valve1/, valve2/, other/)`);
  return out;
}

/** The anomaly-free run, if present (no labels: every row is normal). */
export function loadSkabAnomalyFree(dir: string): LabelledSeries | null {
  const dataDir = fs.existsSync(path.join(dir, 'data')) ? path.join(dir, 'data') : dir;
  const file = path.join(dataDir, 'anomaly-free', 'anomaly-free.csv');
  if (!fs.existsSync(file)) return null;
  return parseSkab(fs.readFileSync(file, 'utf8'), 'anomaly-free', 'anomaly-free');
}
