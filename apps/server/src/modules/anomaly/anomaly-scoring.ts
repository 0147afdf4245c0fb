import {
  createDeviceDetector,
  type DeviceDetector,
  type DeviceDetectorState,
} from '../../analytics/anomaly/device-detector';
import type { Reading } from '../../lib/domain-events';

export interface AnomalyScore {
  deviceId: string;
  ts: number;
  score: number;
  /** The metric that contributed most, when one did. */
  metric?: string;
}

/**
 * Scores every committed reading with one streaming detector per device (bounded state per
 * metric). Readings of one device with the same timestamp are scored together as one row, so a
 * device whose metrics drift together scores higher than one metric alone. A detector starts from
 * the device's stored baseline when it has one (see anomaly-baselines.service.ts).
 */
export function createAnomalyScoring({
  metricsOf,
  baselineOf,
  maxDevices = 100_000,
}: {
  metricsOf: (deviceId: string) => Promise<string[] | undefined>;
  baselineOf: (deviceId: string) => Promise<DeviceDetectorState | undefined>;
  maxDevices?: number;
}) {
  const detectors = new Map<string, DeviceDetector>();

  async function detectorFor(deviceId: string): Promise<DeviceDetector | undefined> {
    const known = detectors.get(deviceId);
    if (known) return known;
    const metrics = await metricsOf(deviceId);
    if (!metrics || metrics.length === 0) return undefined;
    if (detectors.size >= maxDevices) detectors.delete(detectors.keys().next().value!);
    const detector = startDetector(metrics, await baselineOf(deviceId));
    detectors.set(deviceId, detector);
    return detector;
  }

  /** From the baseline, unless it no longer fits (the model's metrics changed since): then fresh. */
  function startDetector(metrics: string[], baseline: DeviceDetectorState | undefined): DeviceDetector {
    if (baseline) {
      try {
        return createDeviceDetector(metrics, {}, baseline);
      } catch {
        // Falls through to a detector that learns from scratch.
      }
    }
    return createDeviceDetector(metrics);
  }

  return {
    async score(readings: Reading[]): Promise<AnomalyScore[]> {
      const rows = new Map<string, { deviceId: string; ts: number; values: Record<string, number> }>();
      for (const r of readings) {
        const key = `${r.deviceId}\u0000${r.ts}`;
        let row = rows.get(key);
        if (!row) rows.set(key, (row = { deviceId: r.deviceId, ts: r.ts, values: {} }));
        row.values[r.metric] = r.value;
      }
      const scores: AnomalyScore[] = [];
      for (const row of [...rows.values()].sort((a, b) => a.ts - b.ts)) {
        const detector = await detectorFor(row.deviceId);
        if (!detector) continue;
        const result = detector.score(row.values, row.ts);
        const top = result.evidence.top?.metric;
        scores.push({
          deviceId: row.deviceId,
          ts: row.ts,
          score: result.device,
          ...(top ? { metric: top } : {}),
        });
      }
      return scores;
    },

    forget(deviceId: string): void {
      detectors.delete(deviceId);
    },
  };
}

export type AnomalyScoring = ReturnType<typeof createAnomalyScoring>;
