import { createDeviceDetector, type DeviceDetectorState } from '../../analytics/anomaly/device-detector';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { DevicesService } from '../devices/devices.service';
import { allDeviceIds } from '../../analytics/analytics-model';
import type { SeriesReader } from '../../analytics/series-reader';
import type { ModelsService } from '../models/models.service';
import type { AnomalyBaselineRepository } from './anomaly-baseline.repository';

const HOUR = 3_600_000;

/**
 * A device's baseline is its anomaly detector's state, learned again from the stored history by
 * the recurring `analytics.baselines` job and kept in the database. A detector that starts cold —
 * after a restart, in another ingest process, or after an eviction — begins from that baseline
 * instead of from nothing, so it neither sleeps through its warm-up nor alarms while it learns,
 * and every process starts from the same normal. A running detector keeps learning online; the
 * baseline only matters when one starts.
 */
export function createAnomalyBaselines({
  repository,
  devices,
  models,
  reader,
  clock,
  logger,
  windowMs = 6 * HOUR,
}: {
  repository: AnomalyBaselineRepository;
  devices: Pick<DevicesService, 'list' | 'modelOf'>;
  models: Pick<ModelsService, 'find'>;
  reader: Pick<SeriesReader, 'raw'>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  /** How much recent history a baseline is learned from. */
  windowMs?: number;
}) {
  /**
   * Replays the device's recent readings through a fresh detector of the metrics it reported,
   * as the scoring detectors keep; undefined without readings.
   */
  async function learn(deviceId: string, to: number) {
    const modelId = await devices.modelOf(deviceId);
    const metrics = modelId === undefined ? [] : (models.find(modelId)?.metrics ?? []);
    if (metrics.length === 0) return undefined;
    // Readings of one timestamp form one row, as they do when they arrive.
    const rows = new Map<number, Record<string, number>>();
    const reported: string[] = [];
    for (const metric of metrics) {
      const readings = await reader.raw(deviceId, metric, to - windowMs, to);
      if (readings.length > 0) reported.push(metric.name);
      for (const { t, y } of readings) {
        const row = rows.get(t) ?? {};
        row[metric.name] = y;
        rows.set(t, row);
      }
    }
    if (rows.size === 0) return undefined;
    const detector = createDeviceDetector(reported);
    for (const t of [...rows.keys()].sort((a, b) => a - b)) detector.score(rows.get(t)!, t);
    return { state: detector.state(), readings: rows.size };
  }

  return {
    /** Re-learns every device's baseline; devices without recent readings keep the one they have. */
    async refresh({
      progress,
      signal,
    }: {
      progress: (fraction: number) => Promise<void>;
      signal: AbortSignal;
    }): Promise<{ devices: number; readings: number }> {
      const ids = await allDeviceIds(devices);
      const now = clock.now();
      let learned = 0;
      let readings = 0;
      for (const [i, id] of ids.entries()) {
        signal.throwIfAborted();
        const baseline = await learn(id, now);
        if (baseline) {
          await repository.put({
            device_id: id,
            state: JSON.stringify(baseline.state),
            readings: baseline.readings,
            computed_at: now,
          });
          learned += 1;
          readings += baseline.readings;
        }
        await progress((i + 1) / ids.length);
      }
      return { devices: learned, readings };
    },

    /** The stored baseline of a device, if it has one that can be read. */
    async stateOf(deviceId: string): Promise<DeviceDetectorState | undefined> {
      const row = await repository.get(deviceId);
      if (!row) return undefined;
      try {
        return JSON.parse(row.state) as DeviceDetectorState;
      } catch (err) {
        logger.warn({ err, deviceId }, 'unreadable anomaly baseline ignored');
        return undefined;
      }
    },
  };
}

export type AnomalyBaselines = ReturnType<typeof createAnomalyBaselines>;
