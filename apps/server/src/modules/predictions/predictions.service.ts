import type { DevicePredictions, FleetRul, MetricPrediction } from '@dtwin/contracts/predictions';
import { failureProbability, type FleetEstimate, type FleetRulService } from '../fleet-rul/fleet-rul.service';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import type { DevicesService } from '../devices/devices.service';
import { createDeviceQueue } from '../../analytics/recompute-queue';
import type { RunTask } from '../../analytics/compute-tasks';
import type { ModelsService } from '../models/models.service';
import type { PredictionsRepository } from './predictions.repository';

const MINUTE = 60_000;
/** A prediction counts as confident (worst metric, recommendations, health) from this confidence on. */
export const CONFIDENT = 0.5;

export interface PredictionsServiceDeps {
  repository: PredictionsRepository;
  devices: Pick<DevicesService, 'get' | 'list'>;
  models: Pick<ModelsService, 'get'>;
  /** Runs the computation of one metric (metric-predictor.ts), on the analytics thread or in this one. */
  compute: RunTask;
  /** Drops what the computation keeps of a device (its envelopes). */
  forgetComputed: (deviceId: string) => void;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  /** The fleet RUL models (absent: per-metric limit trends only). */
  fleet?: Pick<FleetRulService, 'estimate' | 'stored' | 'relearnDue'>;
  options?: Partial<{
    minIntervalMs: number;
    sweepIntervalMs: number;
    maxPerRun: number;
  }>;
}

/** The metric most likely to fail first among the confident predictions. */
export function worstOf(predictions: readonly MetricPrediction[]): MetricPrediction | null {
  const confident = predictions.filter((p) => p.rul_h !== null && p.confidence >= CONFIDENT);
  if (confident.length === 0) return null;
  return confident.reduce((a, b) =>
    b.failure_probability['7d'] > a.failure_probability['7d'] ||
    (b.failure_probability['7d'] === a.failure_probability['7d'] &&
      (b.rul_h ?? Infinity) < (a.rul_h ?? Infinity))
      ? b
      : a,
  );
}

const HOUR = 60 * MINUTE;
const NO_RISK = { '24h': 0, '7d': 0, '30d': 0 };

export function fleetView(est: FleetEstimate): FleetRul {
  const p = (h: number) => failureProbability(est, h);
  return {
    rul_h: est.rulH,
    rul_low_h: est.lowH,
    rul_high_h: est.highH,
    failure_at: new Date(est.computedAt + est.rulH * HOUR).toISOString(),
    failure_probability: { '24h': p(24), '7d': p(168), '30d': p(720) },
    model_version: est.modelVersion,
    trained_on: est.trainedOn,
    since: new Date(est.since).toISOString(),
    computed_at: new Date(est.computedAt).toISOString(),
  };
}

/** The device-level view: the fleet model's when there is one, else the worst confident metric's. */
function assemble(
  deviceId: string,
  computedAt: number | null,
  predictions: MetricPrediction[],
  fleet: FleetEstimate | null,
): DevicePredictions {
  const worst = worstOf(predictions);
  const view = fleet ? fleetView(fleet) : null;
  return {
    device_id: deviceId,
    method: view ? 'fleet_model' : 'limit_trend',
    failure_probability: view?.failure_probability ?? worst?.failure_probability ?? NO_RISK,
    fleet: view,
    computed_at: computedAt === null ? null : new Date(computedAt).toISOString(),
    predictions,
    worst,
  };
}

/**
 * Failure predictions per metric with a critical limit (see metric-prediction.ts for the window
 * and the curve, failure-assessment.ts for confidence and probabilities), recomputed at most every
 * 30 s per device with new data and every 5 minutes regardless, stored, and announced with
 * `prediction.updated`.
 */
export function createPredictionsService(deps: PredictionsServiceDeps) {
  const { repository, devices, models, bus, clock } = deps;
  const o = {
    minIntervalMs: 30_000,
    sweepIntervalMs: 5 * MINUTE,
    maxPerRun: 20,
    ...deps.options,
  };
  // After a commanded change (desired state sent, then reported back by the device), trends
  // restart from the new level: what came before was another operating point, not wear.
  const commanded = new Set<string>();
  const restartAt = new Map<string, number>();

  async function recompute(deviceId: string): Promise<DevicePredictions> {
    const now = clock.now();
    const device = await devices.get(deviceId);
    const model = models.get(device.model);
    const predictions: MetricPrediction[] = [];
    const since = restartAt.get(deviceId) ?? null;
    for (const metric of model.metrics) {
      const p = await deps.compute('prediction', { deviceId, metric, now, since });
      if (p) predictions.push(p);
    }
    await repository.replace(
      deviceId,
      predictions.map((p) => ({
        device_id: deviceId,
        metric: p.metric,
        rul_h: p.rul_h,
        p7d: p.failure_probability['7d'],
        confidence: p.confidence,
        detail: JSON.stringify(p),
        computed_at: now,
      })),
    );
    let fleetEstimate: FleetEstimate | null = null;
    try {
      fleetEstimate = (await deps.fleet?.estimate(deviceId)) ?? null;
    } catch (err) {
      deps.logger.warn({ err, deviceId }, 'could not estimate the fleet RUL');
    }
    const result = assemble(deviceId, now, predictions, fleetEstimate);
    await bus.emit('prediction.updated', {
      deviceId,
      worst: result.worst,
      failureProbability: result.failure_probability,
      computedAt: now,
    });
    return result;
  }

  const queue = createDeviceQueue('predictions', { devices, clock, logger: deps.logger }, o, recompute);

  async function get(deviceId: string): Promise<DevicePredictions> {
    await devices.get(deviceId);
    const rows = await repository.forDevice(deviceId);
    const predictions = rows.map((r) => JSON.parse(r.detail) as MetricPrediction);
    const fleet = (await deps.fleet?.stored(deviceId)) ?? null;
    const computed = rows.reduce((a, r) => Math.max(a, r.computed_at), fleet?.computedAt ?? 0);
    return assemble(deviceId, computed > 0 ? computed : null, predictions, fleet);
  }

  return {
    recompute,
    get,
    markDirty: queue.markDirty,
    /** The recurring job: re-learn fleet models with new failures, then predict again for their devices. */
    relearnFleetModels: async () => {
      for (const model of (await deps.fleet?.relearnDue()) ?? []) {
        for (let offset = 0; ; offset += 1000) {
          const { items } = await devices.list({ model, sort: 'id', limit: 1000, offset });
          for (const d of items) queue.markDirty(d.id);
          if (items.length < 1000) break;
        }
      }
    },
    runDue: queue.runDue,
    /** A desired state was sent to the device: its trends restart once the device has applied it. */
    desiredChanged(deviceId: string): void {
      commanded.add(deviceId);
    },
    /** The twin changed: if a commanded change is now applied (no delta left), trends restart from now. */
    twinChanged(deviceId: string, pendingDelta: number): void {
      if (!commanded.has(deviceId) || pendingDelta > 0) return;
      commanded.delete(deviceId);
      restartAt.set(deviceId, clock.now());
      queue.markDirty(deviceId);
    },
    forget(deviceId: string): void {
      commanded.delete(deviceId);
      restartAt.delete(deviceId);
      queue.forget(deviceId);
      deps.forgetComputed(deviceId);
    },

    /** The worst stored prediction, for the health score's maintenance component (null before the first run). */
    async degradationOf(
      deviceId: string,
    ): Promise<{ p7d: number; metric: string | null; rulH: number | null } | null> {
      const fleet = (await deps.fleet?.stored(deviceId)) ?? null;
      if (fleet) return { p7d: failureProbability(fleet, 168), metric: null, rulH: fleet.rulH };
      const rows = await repository.forDevice(deviceId);
      if (rows.length === 0) return null;
      const worst = rows.reduce((a, b) =>
        b.p7d > a.p7d || (b.p7d === a.p7d && (b.rul_h ?? Infinity) < (a.rul_h ?? Infinity)) ? b : a,
      );
      return { p7d: worst.p7d, metric: worst.metric, rulH: worst.rul_h };
    },
  };
}

export type PredictionsService = ReturnType<typeof createPredictionsService>;
