import {
  createDeviceDetector,
  metricsWithReadings,
  type DeviceDetector,
  type DeviceDetectorState,
  type RebaselineContext,
} from '../../analytics/anomaly/device-detector';
import type { Reading } from '../../lib/domain-events';
import { GAP_MS, gapReason, REBASELINE_MS } from './anomaly-context';

const cpuMicros = () => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

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
 * device whose metrics drift together scores higher than one metric alone. A detector scores only
 * the metrics the device reports (a model may have more), adding each when it first appears, and
 * starts from the device's stored baseline when it has one (see anomaly-baselines.service.ts).
 */
export function createAnomalyScoring({
  metricsOf,
  baselineOf,
  maxDevices = 100_000,
  busyClock = cpuMicros,
}: {
  metricsOf: (deviceId: string) => Promise<string[] | undefined>;
  baselineOf: (deviceId: string) => Promise<DeviceDetectorState | undefined>;
  maxDevices?: number;
  /**
   * What the time spent scoring is measured with, in µs: the process's CPU time by default; on
   * a thread of its own (where that would count the other threads) the thread's wall time.
   */
  busyClock?: () => number;
}) {
  const detectors = new Map<string, DeviceDetector>();
  /** Re-baselinings asked for devices whose detector is not running yet (applied when it starts). */
  const pending = new Map<string, RebaselineContext>();
  const lastTs = new Map<string, number>();
  /** The process's CPU time while scoring (grouping rows, the detectors), in µs. */
  let busyMicros = 0;

  /** The device's detector, made to score every metric of `reported` (the metrics of a row). */
  async function detectorFor(deviceId: string, reported: string[]): Promise<DeviceDetector | undefined> {
    const known = detectors.get(deviceId);
    if (known) {
      // Only metrics of the device's model get this far: ingest rejects the others.
      for (const metric of reported) if (!known.metricNames.includes(metric)) known.addMetric(metric);
      return known;
    }
    const model = await metricsOf(deviceId);
    if (!model) return undefined;
    const detector = startDetector(model, reported, await baselineOf(deviceId));
    if (!detector) return undefined;
    if (detectors.size >= maxDevices) {
      const oldest = detectors.keys().next().value!;
      detectors.delete(oldest);
      lastTs.delete(oldest);
    }
    detectors.set(deviceId, detector);
    const asked = pending.get(deviceId);
    if (asked) {
      detector.rebaseline(asked);
      pending.delete(deviceId);
    }
    return detector;
  }

  /**
   * Scores the model's metrics that the device reports: those of its first row, and those its
   * baseline (learnt from its recent history) has readings of — baselines stored before detectors
   * kept to reported metrics hold every metric of the model. The baseline's metrics continue
   * where it left off and the others start fresh, so a baseline with other metrics than the row
   * still gives a warm start; one that does not validate is ignored.
   */
  function startDetector(
    model: string[],
    reported: string[],
    baseline: DeviceDetectorState | undefined,
  ): DeviceDetector | undefined {
    const learnt = baseline ? metricsWithReadings(baseline) : [];
    const metrics = model.filter((m) => reported.includes(m) || learnt.includes(m));
    if (metrics.length === 0) return undefined;
    try {
      return createDeviceDetector(metrics, {}, baseline);
    } catch {
      return createDeviceDetector(metrics);
    }
  }

  async function scoreBatch(readings: Reading[]): Promise<AnomalyScore[]> {
    // Timed as the process's CPU time over the synchronous spans (one per batch once every
    // device's detector runs: a new device or metric waits for its model and baseline outside).
    let spanFrom = busyClock();
    const rows = new Map<string, { deviceId: string; ts: number; values: Record<string, number> }>();
    for (const r of readings) {
      const key = `${r.deviceId}\u0000${r.ts}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { deviceId: r.deviceId, ts: r.ts, values: {} }));
      row.values[r.metric] = r.value;
    }
    const scores: AnomalyScore[] = [];
    const sorted = [...rows.values()].sort((a, b) => a.ts - b.ts);
    for (const row of sorted) {
      const reported = Object.keys(row.values);
      let detector = detectors.get(row.deviceId);
      if (!detector || reported.some((m) => !detector!.metricNames.includes(m))) {
        busyMicros += busyClock() - spanFrom;
        detector = await detectorFor(row.deviceId, reported);
        spanFrom = busyClock();
      }
      if (!detector) continue;
      const previous = lastTs.get(row.deviceId);
      if (previous !== undefined && row.ts - previous > GAP_MS)
        detector.rebaseline({
          reason: gapReason(row.ts - previous),
          atMs: row.ts,
          untilMs: row.ts + REBASELINE_MS,
        });
      if (previous === undefined || row.ts > previous) lastTs.set(row.deviceId, row.ts);
      const score = detector.scoreRow(row.values, row.ts);
      const top = detector.topMetric();
      scores.push({ deviceId: row.deviceId, ts: row.ts, score, ...(top ? { metric: top } : {}) });
    }
    busyMicros += busyClock() - spanFrom;
    return scores;
  }

  let chain: Promise<unknown> = Promise.resolve();

  return {
    /** Scores one committed batch; batches are scored one after the other, in the order given. */
    score(readings: Reading[]): Promise<AnomalyScore[]> {
      const run = chain.then(() => scoreBatch(readings));
      chain = run.catch(() => {});
      return run;
    },

    /**
     * Re-baselines the device for REBASELINE_MS from `atMs` (a change made on purpose, see
     * anomaly-context.ts): its readings then teach the detector the new operating point and
     * raise no anomaly; an anomaly that persists after the period still does.
     */
    rebaseline(deviceId: string, reason: string, atMs: number): void {
      const context = { reason, atMs, untilMs: atMs + REBASELINE_MS };
      const detector = detectors.get(deviceId);
      if (detector) detector.rebaseline(context);
      else {
        if (pending.size >= maxDevices) pending.delete(pending.keys().next().value!);
        pending.set(deviceId, context);
      }
    },

    /** The device's last re-baselining, for the evidence shown with its anomaly score. */
    contextOf(deviceId: string): RebaselineContext | undefined {
      return detectors.get(deviceId)?.lastContext() ?? pending.get(deviceId);
    },

    /**
     * CPU seconds spent scoring since start (`dtwin_anomaly_scoring_seconds_total`): the
     * process's CPU time over the synchronous scoring, not the waits for a new device's model and
     * baseline. The process's other threads (GC helpers, the WAL checkpointer) count too if they
     * ran meanwhile, so it is an upper bound.
     */
    busySeconds(): number {
      return busyMicros / 1e6;
    },

    forget(deviceId: string): void {
      detectors.delete(deviceId);
      pending.delete(deviceId);
      lastTs.delete(deviceId);
    },
  };
}

export type AnomalyScoring = ReturnType<typeof createAnomalyScoring>;
