import type { TelemetryQuery, TelemetrySeries } from '@dtwin/contracts/telemetry';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus, Reading } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { seriesKey, type RollupPoint, type SeriesPoint } from './telemetry-rows';
import type { TelemetryStorage } from './telemetry-storage';
import { PARTITION_DAYS_AHEAD } from '../../db/reading-partitions';
import { classifyStorageError } from '../../db/storage-faults';
import { createTelemetryWriter, type Schedule, type TelemetryWriterOptions } from './telemetry-writer';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long each tier is kept (raw comes from configuration). */
export const rollupRetentionDays = { '1m': 90, '1h': 5 * 365 + 1 } as const;

export type Step = TelemetrySeries['step'];

/** Hourly buckets read per query while summing days. */
const HOUR_PAGE = 20_000;

/** Longest range served from raw readings when no step is asked for. */
export const RAW_MAX_SPAN_MS = 6 * HOUR;

/**
 * The tier for a query without `step`, finest first, so a chart over any range gets at most
 * `limit` points (5000 by default) covering the whole range:
 * - raw when the range is at most 6 h, starts inside raw retention, and holds at most `limit`
 *   readings (counted from the 1-minute rollups, so a fast-reporting device falls through);
 * - 1m when the range is shorter than `limit` minutes (83 h 20 min at the default limit) and starts
 *   inside the 90 days the 1-minute tier is kept;
 * - 1h when the range is shorter than `limit` hours (~208 days at the default limit);
 * - 1d otherwise: UTC days summed from the 1-hour rollups (5 years are under 2,000 days).
 */
export async function chooseStep(q: {
  from: number;
  to: number;
  now: number;
  limit: number;
  rawDays: number;
  countRaw: () => Promise<number>;
}): Promise<Step> {
  const span = q.to - q.from;
  if (span <= RAW_MAX_SPAN_MS && q.from >= q.now - q.rawDays * DAY && (await q.countRaw()) <= q.limit) {
    return 'raw';
  }
  // Strictly fewer: a range not aligned to minutes touches one bucket more than its length.
  if (span / MINUTE < q.limit && q.from >= q.now - rollupRetentionDays['1m'] * DAY) return '1m';
  return span / HOUR < q.limit ? '1h' : '1d';
}

/** Sums 1-hour rollup buckets (oldest first) into UTC days. */
export function sumDays(hours: readonly RollupPoint[]): RollupPoint[] {
  const days: RollupPoint[] = [];
  for (const h of hours) {
    const bucket = Math.floor(h.bucket / DAY) * DAY;
    const day = days.at(-1);
    if (day?.bucket === bucket) {
      day.min = Math.min(day.min, h.min);
      day.max = Math.max(day.max, h.max);
      day.sum += h.sum;
      day.count += h.count;
      day.last = h.last;
    } else {
      days.push({ ...h, bucket });
    }
  }
  return days;
}

export interface TelemetryServiceDeps {
  storage: TelemetryStorage;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  retention: { rawDays: number };
  writer?: Partial<TelemetryWriterOptions> & { schedule?: Schedule };
  /** Series ids kept in memory; the oldest are dropped beyond it. */
  seriesCacheSize?: number;
}

type Row = SeriesPoint & Reading;

const iso = (ms: number) => new Date(ms).toISOString();

export function createTelemetryService({
  storage,
  bus,
  clock,
  logger,
  retention,
  writer: writerOptions = {},
  seriesCacheSize = 100_000,
}: TelemetryServiceDeps) {
  // Insertion-ordered, so the first key is the oldest when the bound is reached.
  const seriesIds = new Map<string, number>();
  const resolving = new Map<string, Promise<number | undefined>>();
  const background = new Set<Promise<unknown>>();

  const writer = createTelemetryWriter<Row>({
    write: storage.writeBatch,
    // One event per committed batch, with only the readings that were new; awaited so that
    // slow subscribers hold back the next batch instead of piling up work.
    onCommitted: async (rows, stored) => {
      const readings: Reading[] = [];
      rows.forEach((r, i) => {
        if (stored[i]) readings.push({ deviceId: r.deviceId, metric: r.metric, ts: r.ts, value: r.value });
      });
      if (readings.length > 0) await bus.emit('telemetry.stored', { readings });
    },
    logger,
    classify: classifyStorageError,
    onFault: async (kind) => {
      if (kind === 'disk_full') await storage.truncateLog();
    },
    options: writerOptions,
    ...(writerOptions.schedule ? { schedule: writerOptions.schedule } : {}),
  });

  function remember(key: string, id: number) {
    if (seriesIds.size >= seriesCacheSize) {
      const oldest = seriesIds.keys().next();
      if (!oldest.done) seriesIds.delete(oldest.value);
    }
    seriesIds.set(key, id);
  }

  /**
   * Ids for this call only, so evicting cache entries meanwhile cannot lose one. A series being
   * resolved by another call is awaited rather than asked for again: when a fleet connects at
   * once, thousands of first messages would otherwise queue the same lookups.
   */
  async function idsFor(readings: Reading[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const waits = new Map<string, Promise<number | undefined>>();
    const missing = new Map<string, { deviceId: string; metric: string }>();
    for (const r of readings) {
      const key = seriesKey(r.deviceId, r.metric);
      if (ids.has(key) || waits.has(key) || missing.has(key)) continue;
      const cached = seriesIds.get(key);
      const pending = resolving.get(key);
      if (cached !== undefined) ids.set(key, cached);
      else if (pending) waits.set(key, pending);
      else missing.set(key, { deviceId: r.deviceId, metric: r.metric });
    }
    if (missing.size > 0) {
      const batch = storage.resolveSeries([...missing.values()]);
      for (const key of missing.keys()) {
        const one = batch.then((found) => {
          const id = found.get(key);
          if (id !== undefined) remember(key, id);
          return id;
        });
        waits.set(key, one);
        resolving.set(key, one);
        void one.then(
          () => resolving.delete(key),
          () => resolving.delete(key),
        );
      }
    }
    await Promise.all(
      [...waits].map(async ([key, id]) => {
        const value = await id;
        if (value !== undefined) ids.set(key, value);
      }),
    );
    return ids;
  }

  function forgetCached(deviceId: string) {
    const prefix = seriesKey(deviceId, '');
    for (const key of seriesIds.keys()) if (key.startsWith(prefix)) seriesIds.delete(key);
  }

  /**
   * Deletes a device's telemetry. Before the device row is deleted its series are still there
   * and are removed directly; afterwards (the usual order: the devices module deletes the row,
   * its series cascade, then emits device.deleted) their data is found as orphans.
   */
  function forgetDevice(deviceId: string): Promise<void> {
    forgetCached(deviceId);
    const purge = (async () => {
      await storage.deleteDeviceData(deviceId);
      await storage.deleteOrphans();
    })()
      .catch((err: unknown) => logger.error({ err, deviceId }, 'deleting the telemetry of a device failed'))
      .finally(() => {
        background.delete(purge);
        forgetCached(deviceId); // a store that raced with the deletion may have cached it again
      });
    background.add(purge);
    return purge;
  }

  /** At most `limit` UTC days of [from, to), summed from the hours read page by page. */
  async function dailyRollups(seriesId: number, from: number, to: number, limit: number) {
    const hours: RollupPoint[] = [];
    const end = Math.min(to, Math.floor(from / DAY) * DAY + limit * DAY);
    for (let cursor = from; cursor < end;) {
      const page = await storage.rollupPoints('1h', seriesId, cursor, end, HOUR_PAGE);
      hours.push(...page);
      const last = page.at(-1);
      if (page.length < HOUR_PAGE || !last) break;
      cursor = last.bucket + HOUR;
    }
    return sumDays(hours);
  }

  return {
    /**
     * Stores readings (`ts` in epoch ms); resolves once they are committed with how many were
     * new and how many were duplicates of stored ones. Throws 'bad_request' for a non-finite
     * value or a bad timestamp (so one bad reading cannot sink a shared batch), 'not_found' for
     * an unknown device, 'unavailable' when overloaded or when the commit failed.
     */
    async store(readings: Reading[]): Promise<{ stored: number; duplicates: number }> {
      if (readings.length === 0) return { stored: 0, duplicates: 0 };
      for (const r of readings) {
        if (!Number.isFinite(r.value)) throw new AppError('bad_request', `${r.metric}: value is not finite`);
        if (!Number.isSafeInteger(r.ts) || r.ts < 0) {
          throw new AppError('bad_request', `${r.metric}: timestamp is not epoch milliseconds`);
        }
      }
      const ids = await idsFor(readings);
      const rows: Row[] = readings.map((r) => {
        const seriesId = ids.get(seriesKey(r.deviceId, r.metric));
        if (seriesId === undefined) throw new AppError('not_found', `unknown device ${r.deviceId}`);
        return { seriesId, deviceId: r.deviceId, metric: r.metric, ts: r.ts, value: r.value };
      });
      return writer.add(rows);
    },

    /**
     * Writes what is held in memory of these devices' metrics' rollups, so that another connection (the
     * analytics thread's) reads every acknowledged reading in them, as `history` does here.
     */
    async settle(
      series: ReadonlyArray<readonly [deviceId: string, metrics: readonly string[]]>,
    ): Promise<void> {
      const ids: number[] = [];
      for (const [deviceId, metrics] of series) {
        for (const name of metrics) {
          const id = seriesIds.get(seriesKey(deviceId, name)) ?? (await storage.findSeriesId(deviceId, name));
          if (id !== undefined) ids.push(id);
        }
      }
      if (ids.length > 0) await storage.settle(ids);
    },

    /** The history of one metric; `metric` comes from the device's model (name and unit). */
    async history(
      deviceId: string,
      metric: { name: string; unit: string },
      query: TelemetryQuery,
    ): Promise<TelemetrySeries> {
      const now = clock.now();
      const to = query.to ? Date.parse(query.to) : now;
      const from = query.from ? Date.parse(query.from) : to - HOUR;
      if (!(from < to)) {
        throw new AppError('bad_request', 'from must be before to', {
          fields: { from: 'must be before to' },
        });
      }
      const seriesId =
        seriesIds.get(seriesKey(deviceId, metric.name)) ??
        (await storage.findSeriesId(deviceId, metric.name));
      // The rollups of what has been acknowledged are in the tables before they are read.
      if (seriesId !== undefined) await storage.settle([seriesId]);
      const step =
        query.step ??
        (seriesId === undefined
          ? 'raw'
          : await chooseStep({
              from,
              to,
              now,
              limit: query.limit,
              rawDays: retention.rawDays,
              countRaw: () => storage.countRaw(seriesId, from, to),
            }));
      const base = { metric: metric.name, unit: metric.unit, step, from: iso(from), to: iso(to) };
      if (seriesId === undefined) return { ...base, points: [] };
      if (step === 'raw') {
        const rows = await storage.rawPoints(seriesId, from, to, query.limit);
        return { ...base, points: rows.map((r) => ({ ts: iso(r.ts), value: r.value })) };
      }
      const rows =
        step === '1d'
          ? await dailyRollups(seriesId, from, to, query.limit)
          : await storage.rollupPoints(step, seriesId, from, to, query.limit);
      return {
        ...base,
        points: rows.map((r) => {
          const mean = r.sum / r.count;
          return { ts: iso(r.bucket), value: mean, min: r.min, max: r.max, mean, count: r.count };
        }),
      };
    },

    /**
     * The stored points of a set of devices (all when absent) over [from, to) from one tier,
     * counted up front and read a page at a time, for exports; includes every acknowledged reading.
     */
    readRange: storage.readRange,

    /**
     * Deletes raw readings past RETENTION_RAW_DAYS, 1-minute rollups past 90 days, 1-hour past 5
     * years. On PostgreSQL the raw readings' days past retention go whole (`rawDaysDropped`; `raw`
     * counts the rows deleted one by one) and the coming days' partitions are made.
     */
    async applyRetention(): Promise<{ raw: number; rawDaysDropped: number; minute: number; hour: number }> {
      const now = clock.now();
      const rawCutoff = now - retention.rawDays * DAY;
      const rawDaysDropped = await storage.maintainDayPartitions(now, PARTITION_DAYS_AHEAD, rawCutoff);
      const raw = await storage.deleteOlderThan('readings', rawCutoff);
      const minute = await storage.deleteOlderThan('rollups_1m', now - rollupRetentionDays['1m'] * DAY);
      const hour = await storage.deleteOlderThan('rollups_1h', now - rollupRetentionDays['1h'] * DAY);
      return { raw, rawDaysDropped, minute, hour };
    },

    /** Gives the space retention freed back (WAL truncation on SQLite, vacuum on PostgreSQL). */
    compactStorage: () => storage.compact(),

    /** Drops a device's cached series at once; resolves when its telemetry is deleted (never rejects: failures are logged). */
    forgetDevice,

    /** Writes whatever is queued now, readings and their rollups. */
    async flush(): Promise<void> {
      await writer.flush();
      await storage.writeRollups();
    },

    /** Writes the rollups held in memory. */
    writeRollups: storage.writeRollups,

    /** After a crash, rebuilds the rollups that were still in memory; call before storing anything. */
    repairRollups: storage.repairRollups,

    /** Why readings cannot be stored right now (`disk_full`, `database_unavailable`…), or null. */
    get storageFault(): string | null {
      return writer.fault?.kind ?? null;
    },

    /** Rows waiting to be written (for /metrics). */
    get queuedRows() {
      return writer.queuedRows;
    },

    /** Drains the writer and waits for background clean-ups. */
    async close(): Promise<void> {
      await writer.close();
      await storage.close();
      await Promise.all(background);
    },
  };
}

export type TelemetryService = ReturnType<typeof createTelemetryService>;
