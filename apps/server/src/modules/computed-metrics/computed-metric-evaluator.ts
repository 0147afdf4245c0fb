import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus, Reading } from '../../lib/domain-events';
import type { AssetTreePort } from './asset-tree.port';
import type {
  ComputedMetricRow,
  ComputedMetricsRepository,
  ComputedValue,
} from './computed-metrics.repository';
import { compileExpression, evaluateExpression, type CompiledExpression } from './metric-expression';

/** A computed metric as the evaluator holds it: its row and its checked expression. */
export interface LoadedMetric {
  id: number;
  /** The asset or the device it belongs to (exactly one is set). */
  assetId: string | null;
  deviceId: string | null;
  name: string;
  compiled: CompiledExpression;
  row: ComputedMetricRow;
}

export interface EvaluatorOptions {
  /** An asset is evaluated at most once per this interval; readings in between are coalesced. */
  minIntervalMs?: number;
  /** A device or child value older than this (relative to the evaluation) no longer counts. */
  staleAfterMs?: number;
  /** How long the hierarchy (children, subtree devices, a device's assets) is remembered. */
  treeTtlMs?: number;
}

interface Deps {
  repository: Pick<ComputedMetricsRepository, 'insertValues' | 'latest'>;
  tree: AssetTreePort;
  /** The latest value and time of each metric of a device (its twin): read once per device, then kept current by readings. */
  deviceLatest(deviceId: string): Promise<Record<string, { value: number; ts: number }>>;
  /** Computed values were stored (alert rules watch them): `asset.metrics_computed`, `device.metrics_computed`. */
  bus: EventBus<DomainEvents>;
  clock: Clock;
  options?: EvaluatorOptions;
}

const MAX_TRACKED = 100_000;

export const loadMetric = (row: ComputedMetricRow): LoadedMetric => ({
  id: Number(row.id),
  assetId: row.asset_id ?? null,
  deviceId: row.device_id ?? null,
  name: row.name,
  compiled: compileExpression(row.expression),
  row,
});

/** Adds the metric to its subject's list (kept in creation order: the order of evaluation). */
function place(m: LoadedMetric, onAsset: Map<string, LoadedMetric[]>, onDevice: Map<string, LoadedMetric[]>) {
  const [map, key] = m.deviceId !== null ? [onDevice, m.deviceId] : [onAsset, m.assetId ?? ''];
  map.set(key, [...(map.get(key) ?? []), m]);
}

/**
 * Evaluates computed metrics as readings arrive. Readings only mark devices and assets dirty (in
 * memory, never waiting on the database, so ingestion is not held up); a loop then evaluates the
 * dirty devices, then the dirty assets deepest first (a line sees its machines' fresh values, an
 * asset its devices' fresh computed values), each at most once per `minIntervalMs`, and stores
 * the values in one write per device or asset.
 */
export function createComputedMetricEvaluator({
  repository,
  tree,
  deviceLatest,
  bus,
  clock,
  options = {},
}: Deps) {
  const minIntervalMs = options.minIntervalMs ?? 5000;
  const staleAfterMs = options.staleAfterMs ?? 15 * 60_000;
  const treeTtlMs = options.treeTtlMs ?? 10_000;

  const metrics = new Map<string, LoadedMetric[]>();
  /** Devices' own computed metrics, by device. */
  const onDevice = new Map<string, LoadedMetric[]>();
  const dirtyDevices = new Map<string, number>();
  const latest = new Map<number, { ts: number; value: number }>();
  /** Device metrics some expression reads (`devices.<metric>`), and their latest values per device. */
  const deviceMetrics = new Set<string>();
  const deviceValues = new Map<string, Map<string, { ts: number; value: number }>>();
  /** Devices whose twin has been read once (values not seen in readings since start come from it). */
  const fetched = new Set<string>();
  const touched = new Map<string, number>();
  const dirty = new Map<string, { ts: number; depth: number }>();
  const lastRun = new Map<string, number>();
  const cache = new Map<string, { at: number; value: string[] }>();
  let running: Promise<void> | undefined;
  let again = false;
  let dropped = 0;

  function refreshDeviceMetrics() {
    deviceMetrics.clear();
    for (const list of metrics.values())
      for (const m of list) for (const name of m.compiled.devices) deviceMetrics.add(name);
    // A device's computed metric reads its own metrics, and is read like one by assets' aggregates.
    for (const list of onDevice.values())
      for (const m of list) {
        deviceMetrics.add(m.name);
        for (const name of m.compiled.own) deviceMetrics.add(name);
      }
  }

  async function cached(key: string, load: () => Promise<string[]>): Promise<string[]> {
    const hit = cache.get(key);
    const now = clock.now();
    if (hit && now - hit.at < treeTtlMs) return hit.value;
    const value = await load();
    if (cache.size >= MAX_TRACKED) cache.clear();
    cache.set(key, { at: now, value });
    return value;
  }

  function valuesMap(deviceId: string) {
    let values = deviceValues.get(deviceId);
    if (values) return values;
    if (deviceValues.size >= MAX_TRACKED) {
      deviceValues.clear();
      fetched.clear();
    }
    values = new Map();
    deviceValues.set(deviceId, values);
    return values;
  }

  /** The device's values: those seen in readings, completed once from its twin. */
  async function valuesOfDevice(deviceId: string) {
    const values = valuesMap(deviceId);
    if (fetched.has(deviceId)) return values;
    fetched.add(deviceId);
    const twin = await deviceLatest(deviceId).catch(
      () => ({}) as Record<string, { value: number; ts: number }>,
    );
    for (const [metric, v] of Object.entries(twin)) {
      const known = values.get(metric);
      if (deviceMetrics.has(metric) && (!known || known.ts < v.ts)) values.set(metric, v);
    }
    return values;
  }

  const fresh = (v: { ts: number } | undefined, at: number) => v !== undefined && at - v.ts <= staleAfterMs;

  async function evaluateAsset(assetId: string, ts: number): Promise<void> {
    const list = metrics.get(assetId);
    if (!list || list.length === 0) return;
    const needsChildren = list.some((m) => m.compiled.children.size > 0);
    const needsDevices = list.some((m) => m.compiled.devices.size > 0);
    const children = needsChildren ? await cached(`c:${assetId}`, () => tree.children(assetId)) : [];
    const devices = needsDevices ? await cached(`d:${assetId}`, () => tree.subtreeDevices(assetId)) : [];
    const deviceMaps: Array<Map<string, { ts: number; value: number }>> = [];
    for (const d of devices) deviceMaps.push(await valuesOfDevice(d));

    const now: Record<string, number> = {};
    const stored: ComputedValue[] = [];
    for (const m of list) {
      const value = evaluateExpression(m.compiled, {
        own: (name) => {
          if (Object.prototype.hasOwnProperty.call(now, name)) return now[name];
          const own = list.find((o) => o.name === name);
          const v = own ? latest.get(own.id) : undefined;
          return fresh(v, ts) ? v!.value : undefined;
        },
        collection: (from, name) => {
          const out: number[] = [];
          if (from === 'children') {
            for (const child of children) {
              const def = metrics.get(child)?.find((c) => c.name === name);
              const v = def ? latest.get(def.id) : undefined;
              if (fresh(v, ts)) out.push(v!.value);
            }
          } else {
            for (const values of deviceMaps) {
              const v = values.get(name);
              if (fresh(v, ts)) out.push(v!.value);
            }
          }
          return out;
        },
      });
      if (value === undefined) continue;
      now[m.name] = value;
      stored.push({ metricId: m.id, ts, value });
    }
    if (stored.length === 0) return;
    await repository.insertValues(stored);
    for (const v of stored) {
      const known = latest.get(v.metricId);
      if (!known || known.ts <= v.ts) latest.set(v.metricId, { ts: v.ts, value: v.value });
    }
    const values = stored.map((v) => ({
      metric: list.find((m) => m.id === v.metricId)!.name,
      value: v.value,
    }));
    await bus.emit('asset.metrics_computed', { assetId, values, ts });
  }

  async function evaluateDevice(deviceId: string, ts: number): Promise<void> {
    const list = onDevice.get(deviceId);
    if (!list || list.length === 0) return;
    const values = await valuesOfDevice(deviceId);
    const now: Record<string, number> = {};
    const stored: Array<ComputedValue & { name: string }> = [];
    for (const m of list) {
      const value = evaluateExpression(m.compiled, {
        own: (name) => {
          if (Object.prototype.hasOwnProperty.call(now, name)) return now[name];
          const v = values.get(name);
          return fresh(v, ts) ? v!.value : undefined;
        },
        // Refused when the metric is defined: a device has no children or subtree.
        collection: () => [],
      });
      if (value === undefined) continue;
      now[m.name] = value;
      stored.push({ metricId: m.id, ts, value, name: m.name });
    }
    if (stored.length === 0) return;
    await repository.insertValues(stored.map(({ metricId, value }) => ({ metricId, ts, value })));
    for (const v of stored) {
      const known = latest.get(v.metricId);
      if (!known || known.ts <= v.ts) latest.set(v.metricId, { ts: v.ts, value: v.value });
      const own = values.get(v.name);
      if (!own || own.ts <= ts) values.set(v.name, { ts, value: v.value });
    }
    await bus.emit('device.metrics_computed', {
      deviceId,
      values: stored.map((v) => ({ metric: v.name, value: v.value })),
      ts,
    });
  }

  async function pass(): Promise<void> {
    const devices = [...touched];
    touched.clear();
    const now = clock.now();
    for (const [deviceId, ts] of devices)
      if (onDevice.has(deviceId)) dirtyDevices.set(deviceId, Math.max(dirtyDevices.get(deviceId) ?? 0, ts));
    for (const [deviceId, ts] of [...dirtyDevices]) {
      const key = `device:${deviceId}`;
      if ((lastRun.get(key) ?? -Infinity) > now - minIntervalMs) continue;
      dirtyDevices.delete(deviceId);
      lastRun.set(key, now);
      await evaluateDevice(deviceId, ts);
    }
    if (metrics.size === 0) return;
    for (const [deviceId, ts] of devices) {
      const chain = await cached(`a:${deviceId}`, () => tree.assetsOfDevice(deviceId));
      chain.forEach((assetId, i) => {
        if (!metrics.has(assetId)) return;
        const known = dirty.get(assetId);
        dirty.set(assetId, { ts: Math.max(known?.ts ?? 0, ts), depth: chain.length - 1 - i });
      });
    }
    const due = [...dirty]
      .filter(([assetId]) => (lastRun.get(assetId) ?? -Infinity) <= now - minIntervalMs)
      .sort((a, b) => b[1].depth - a[1].depth);
    for (const [assetId, { ts }] of due) {
      dirty.delete(assetId);
      lastRun.set(assetId, now);
      await evaluateAsset(assetId, ts);
    }
  }

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await pass();
      } while (again);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    /**
     * Takes the stored definitions (at start, then every few seconds: another process may have
     * changed them) and reads the newest value of the metrics not known yet.
     */
    async load(rows: readonly ComputedMetricRow[]): Promise<void> {
      metrics.clear();
      onDevice.clear();
      for (const row of rows) place(loadMetric(row), metrics, onDevice);
      refreshDeviceMetrics();
      const ids = new Set(rows.map((r) => Number(r.id)));
      for (const id of latest.keys()) if (!ids.has(id)) latest.delete(id);
      const unknown = [...ids].filter((id) => !latest.has(id));
      for (const [id, v] of await repository.latest(unknown)) latest.set(id, v);
    },

    /** Stored readings: remembered in memory, then evaluated in the background. Never waits. */
    observe(readings: readonly Reading[]): void {
      if (metrics.size === 0 && onDevice.size === 0) return;
      for (const r of readings) {
        if (deviceMetrics.has(r.metric)) {
          const values = valuesMap(r.deviceId);
          const known = values.get(r.metric);
          if (!known || known.ts <= r.ts) values.set(r.metric, { ts: r.ts, value: r.value });
        }
        if (touched.size >= MAX_TRACKED && !touched.has(r.deviceId)) {
          dropped += 1;
          continue;
        }
        touched.set(r.deviceId, Math.max(touched.get(r.deviceId) ?? 0, r.ts));
      }
      void kick().catch(() => undefined);
    },

    /** Evaluates the assets whose interval has passed since readings marked them; run every second. */
    tick: (): Promise<void> => kick(),

    /** Resolves when the evaluation under way (if any) has finished. */
    settled: (): Promise<void> => running ?? Promise.resolve(),

    /** Evaluates an asset now from the values at hand (a metric was just defined). */
    async evaluateNow(assetId: string): Promise<void> {
      await settledLoop();
      await evaluateAsset(assetId, clock.now());
    },

    /** Evaluates a device's metrics now from its latest values (a metric was just defined). */
    async evaluateDeviceNow(deviceId: string): Promise<void> {
      await settledLoop();
      const values = await valuesOfDevice(deviceId);
      const newest = Math.max(0, ...[...values.values()].map((v) => v.ts));
      if (newest > 0) await evaluateDevice(deviceId, newest);
    },

    add(row: ComputedMetricRow): LoadedMetric {
      const m = loadMetric(row);
      place(m, metrics, onDevice);
      refreshDeviceMetrics();
      // Values of a metric no expression read before were not kept: the twins have them.
      fetched.clear();
      return m;
    },

    remove(assetId: string, ids: readonly number[]): void {
      const left = (metrics.get(assetId) ?? []).filter((m) => !ids.includes(m.id));
      if (left.length > 0) metrics.set(assetId, left);
      else metrics.delete(assetId);
      for (const id of ids) latest.delete(id);
      refreshDeviceMetrics();
    },

    removeFromDevice(deviceId: string, ids: readonly number[]): void {
      const list = onDevice.get(deviceId) ?? [];
      const left = list.filter((m) => !ids.includes(m.id));
      if (left.length > 0) onDevice.set(deviceId, left);
      else {
        onDevice.delete(deviceId);
        dirtyDevices.delete(deviceId);
      }
      // Its last value no longer counts in an asset's `devices.<metric>` aggregate.
      for (const m of list) if (ids.includes(m.id)) deviceValues.get(deviceId)?.delete(m.name);
      for (const id of ids) latest.delete(id);
      refreshDeviceMetrics();
    },

    /** The hierarchy or a device's asset changed: what is remembered of it is read again. */
    treeChanged(): void {
      cache.clear();
    },

    metricsOf: (assetId: string): readonly LoadedMetric[] => metrics.get(assetId) ?? [],
    deviceMetricsOf: (deviceId: string): readonly LoadedMetric[] => onDevice.get(deviceId) ?? [],
    /** The devices with a computed metric of that name. */
    devicesWith(name: string): string[] {
      return [...onDevice].filter(([, list]) => list.some((m) => m.name === name)).map(([id]) => id);
    },
    /** Every name of a device's computed metric (what `devices.<metric>` may also name). */
    deviceComputedNames(): Set<string> {
      return new Set([...onDevice.values()].flatMap((list) => list.map((m) => m.name)));
    },
    latestOf: (metricId: number) => latest.get(metricId),
    /** Readings not tracked because too many devices were waiting (should stay 0). */
    get dropped() {
      return dropped;
    },
  };

  async function settledLoop() {
    while (running) await running;
  }
}

export type ComputedMetricEvaluator = ReturnType<typeof createComputedMetricEvaluator>;
