import type { ExportQuery } from '@dtwin/contracts/reports';
import type { Clock } from '../../lib/clock';
import type { RawPoint, RollupPoint, SeriesKey } from '../telemetry/telemetry-rows';
import type { TelemetryService } from '../telemetry/telemetry.service';

/** Whether a device exists; throws AppError('not_found') for one that does not. */
export type DeviceCheck = (deviceId: string) => Promise<unknown>;

export interface PreparedExport {
  /** Data rows the export holds (announced up front so a client can show progress). */
  total: number;
  fileName: string;
  contentType: string;
  /** Text chunks, one page of rows each; pulled one at a time, so memory stays flat. */
  chunks(): AsyncGenerator<string>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * ISO 8601 for sorted timestamps, fast: Date#toISOString costs microseconds, which dominates an
 * export of millions of rows, so the part up to the minute is made once per minute.
 */
export function isoFormatter(): (ms: number) => string {
  let minute = NaN;
  let prefix = '';
  return (ms) => {
    const m = Math.floor(ms / 60_000);
    if (m !== minute) {
      minute = m;
      prefix = new Date(m * 60_000).toISOString().slice(0, 17);
    }
    const rest = ms - m * 60_000;
    const seconds = Math.floor(rest / 1000);
    const millis = rest - seconds * 1000;
    return `${prefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  };
}

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Writes the rows of one series; `series` is what every row of the page starts with. */
type Formatter<R> = { header: string; row(series: string, r: R, ts: (ms: number) => string): string };

const csvSeries = (s: SeriesKey) => `${csvCell(s.deviceId)},${csvCell(s.metric)},`;
const jsonSeries = (s: SeriesKey) =>
  `{"device_id":${JSON.stringify(s.deviceId)},"metric":${JSON.stringify(s.metric)},`;

const csvRaw: Formatter<RawPoint> = {
  header: 'device_id,metric,ts,value\n',
  row: (p, r, ts) => `${p}${ts(Number(r.ts))},${r.value}\n`,
};
const csvRollup: Formatter<RollupPoint> = {
  header: 'device_id,metric,ts,min,max,mean,count,last\n',
  row: (p, r, ts) => `${p}${ts(r.bucket)},${r.min},${r.max},${r.sum / r.count},${r.count},${r.last}\n`,
};
// Numbers are finite (stored readings are), so String() writes them exactly as JSON.stringify would.
const jsonRaw: Formatter<RawPoint> = {
  header: '',
  row: (p, r, ts) => `${p}"ts":"${ts(Number(r.ts))}","value":${r.value}}`,
};
const jsonRollup: Formatter<RollupPoint> = {
  header: '',
  row: (p, r, ts) =>
    `${p}${JSON.stringify({
      ts: ts(r.bucket),
      min: r.min,
      max: r.max,
      mean: r.sum / r.count,
      count: r.count,
      last: r.last,
    }).slice(1)}`,
};

/**
 * Telemetry exports, streamed: rows are read a page at a time through the telemetry module's
 * range reads and each page becomes one text chunk, pulled by the HTTP response only as fast as
 * the client reads.
 * JSON is an array with one row per line, so it is valid JSON and still easy to count or split.
 */
export function createExportService({
  telemetry,
  deviceExists,
  subtreeDevices,
  clock,
  pageSize = 5000,
}: {
  /** The stored points, which include every acknowledged reading (held rollups are written first). */
  telemetry: Pick<TelemetryService, 'readRange'>;
  deviceExists: DeviceCheck;
  /** The devices of an asset and everything below it; throws AppError('not_found') for an unknown asset. */
  subtreeDevices: (assetId: string) => Promise<string[]>;
  clock: Clock;
  pageSize?: number;
}) {
  /** The devices to read: those listed, those of the asset's subtree, or (undefined) all. */
  async function devicesOf(query: ExportQuery): Promise<string[] | undefined> {
    for (const id of query.device_id ?? []) await deviceExists(id);
    if (query.asset_id === undefined) return query.device_id;
    const inAsset = new Set(await subtreeDevices(query.asset_id));
    return query.device_id ? query.device_id.filter((id) => inAsset.has(id)) : [...inAsset].sort();
  }

  return {
    async prepare(query: ExportQuery): Promise<PreparedExport> {
      const deviceIds = await devicesOf(query);
      // An asset without devices exports nothing (an empty list must not read as "all devices").
      const range =
        deviceIds?.length === 0
          ? { total: 0, pages: async function* () {} }
          : await telemetry.readRange({
              tier: query.step,
              deviceIds,
              metrics: query.metric,
              from: Date.parse(query.from),
              to: Date.parse(query.to),
              pageSize,
            });
      const json = query.format === 'json';
      const subject = query.asset_id ? `asset-${query.asset_id}-` : '';
      const fileName = `digital-twin-telemetry-${subject}${iso(clock.now()).slice(0, 10)}.${query.format}`;
      const contentType = json ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8';

      async function* chunks(): AsyncGenerator<string> {
        const step = query.step;
        const format = (
          step === 'raw' ? (json ? jsonRaw : csvRaw) : json ? jsonRollup : csvRollup
        ) as Formatter<RawPoint | RollupPoint>;
        const ts = isoFormatter();
        yield json ? '[' : format.header;
        let first = true;
        for await (const page of range.pages()) {
          const prefix = json ? jsonSeries(page) : csvSeries(page);
          const lines = page.points.map((r) => format.row(prefix, r, ts));
          if (json) {
            yield `${first ? '\n' : ',\n'}${lines.join(',\n')}`;
          } else {
            yield lines.join('');
          }
          first = false;
        }
        if (json) yield first ? ']\n' : '\n]\n';
      }

      return { total: range.total, fileName, contentType, chunks };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
