import type { MetricDefinition } from '@dtwin/contracts/models';
import { predictRul, trainRulModel, type RulModel } from '../../analytics/rul/rul-model';
import type { SeriesReader } from '../../analytics/series-reader';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { DeviceEventsService } from '../device-events/device-events.service';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { FleetRulRepository } from './fleet-rul.repository';
import { lifeSpans, resample, type LifeSpan } from './run-to-failure-histories';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A model is learnt once a device model has this many recorded failures with readings before them. */
export const MIN_FAILURES = 3;
/** Each life is read at ~300 steps (1 minute to 1 hour each), at most this many. */
const STEPS_PER_LIFE = 300;
const MAX_STEPS = 2000;
/** The first failure of a device looks back this far for the start of its life. */
const MAX_LIFE_MS = 365 * 24 * HOUR;
/** RUL beyond this share of the typical life is not told apart (the piecewise-linear target). */
const CAP_SHARE = 0.6;
/** Z for a 90 % interval. */
const Z90 = 1.6449;

export interface FleetModelState {
  model: RulModel;
  stepMs: number;
  /** The device model's metrics the RUL model reads, in order. */
  metrics: string[];
  lifeHours: number;
}

export interface FleetEstimate {
  method: 'fleet_model';
  modelVersion: number;
  trainedOn: number;
  rulH: number;
  lowH: number;
  highH: number;
  /** The start of the life being predicted (last repair or failure; the first reading otherwise). */
  since: number;
  computedAt: number;
}

interface Deps {
  repository: FleetRulRepository;
  events: Pick<DeviceEventsService, 'lifecycleOfModel' | 'failureCounts' | 'lastLifecycleEvent'>;
  devices: Pick<DevicesService, 'get'>;
  models: Pick<ModelsService, 'get' | 'find'>;
  reader: Pick<SeriesReader, 'minutes' | 'hours'>;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
}

const stepFor = (lifeMs: number) =>
  Math.min(HOUR, Math.max(MINUTE, Math.round(lifeMs / STEPS_PER_LIFE / MINUTE) * MINUTE));

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;

/**
 * Probability of failing within `hours` for a log-normal RUL with median `rul` whose 90 %
 * interval is [low, high]: consistent with the RUL by construction (0.5 at the RUL itself).
 */
export function failureProbability(
  est: { rulH: number; lowH: number; highH: number },
  hours: number,
): number {
  if (est.rulH <= 0) return 1;
  const low = Math.max(est.lowH, est.rulH * 0.05, 1e-3);
  const high = Math.max(est.highH, est.rulH * 1.05);
  const sigma = Math.max(0.1, Math.log(high / low) / (2 * Z90));
  const z = (Math.log(hours) - Math.log(est.rulH)) / sigma;
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  // Numerical Recipes' erfc (fractional error < 1.2e-7).
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * The fleet RUL model of each device model, learnt from the recorded failures (readings from a
 * repair up to a failure), re-learnt when new failures arrive, stored with a version; and each
 * device's RUL from the newest version.
 */
export function createFleetRulService(deps: Deps) {
  const { repository, events, devices, models, reader, clock, logger } = deps;
  const cache = new Map<string, { version: number; state: FleetModelState }>();
  const attempted = new Map<string, number>();

  async function readLife(
    deviceId: string,
    metrics: MetricDefinition[],
    from: number,
    to: number,
    stepMs: number,
  ) {
    const start = Math.max(from, to - MAX_STEPS * stepMs);
    const source = stepMs >= HOUR ? reader.hours : reader.minutes;
    const series = [];
    for (const m of metrics) series.push(await source(deviceId, m, start, to));
    return resample(series, start, to, stepMs);
  }

  async function relearn(modelId: string, failures: number): Promise<number | null> {
    const model = models.find(modelId);
    if (!model) return null;
    const spans: LifeSpan[] = lifeSpans(await events.lifecycleOfModel(modelId), MAX_LIFE_MS);
    if (spans.length < MIN_FAILURES) return null;
    // A life's start is known only from a repair; a first failure uses the first reading found.
    const stepMs = stepFor(median(spans.map((s) => Math.min(s.to - s.from, 30 * 24 * HOUR))));
    const units = [];
    for (const span of spans) {
      const life = await readLife(span.deviceId, model.metrics, span.from, span.to, stepMs);
      if (life.rows.length >= 10) units.push({ ...life, unit: units.length + 1 });
    }
    if (units.length < MIN_FAILURES) return null;
    const lifeHours = median(units.map((u) => u.times[u.times.length - 1]! - u.times[0]!));
    const rul = trainRulModel(
      { metrics: model.metrics.map((m) => m.name), settings: [], units },
      { cap: Math.max(lifeHours * CAP_SHARE, stepMs / HOUR), boosting: { trees: 150 } },
    );
    const latest = await repository.latest(modelId);
    const version = (latest?.version ?? 0) + 1;
    const state: FleetModelState = { model: rul, stepMs, metrics: rul.metrics, lifeHours };
    await repository.insert({
      model_id: modelId,
      version,
      histories: units.length,
      failures_seen: failures,
      state: JSON.stringify(state),
      trained_at: clock.now(),
    });
    logger.info({ model: modelId, version, histories: units.length }, 'learnt a fleet RUL model');
    return version;
  }

  /** The newest model, parsed once per version (its state can be large). */
  async function current(modelId: string) {
    const version = await repository.latestVersion(modelId);
    if (version === null) return null;
    const cached = cache.get(modelId);
    if (cached && cached.version === version) return cached;
    const row = await repository.latest(modelId);
    if (!row) return null;
    const fresh = {
      version: row.version,
      state: JSON.parse(row.state) as FleetModelState,
    };
    cache.set(modelId, fresh);
    return fresh;
  }

  return {
    relearn,

    /** Re-learns every device model with failures it has not learnt from yet (the recurring job). */
    /** Returns the device models that got a new version. */
    async relearnDue(): Promise<string[]> {
      const [counts, versions] = await Promise.all([events.failureCounts(), repository.versions()]);
      const learnt: string[] = [];
      for (const [modelId, failures] of counts) {
        if (failures < MIN_FAILURES || failures <= (versions.get(modelId)?.failuresSeen ?? 0)) continue;
        // Failures without readings to learn from are not read again until another one arrives.
        if (attempted.get(modelId) === failures) continue;
        attempted.set(modelId, failures);
        try {
          if ((await relearn(modelId, failures)) !== null) learnt.push(modelId);
        } catch (err) {
          logger.warn({ err, model: modelId }, 'could not learn a fleet RUL model');
        }
      }
      return learnt;
    },

    /** Whether a model exists for this device model (decides `method`). */
    async hasModel(modelId: string): Promise<boolean> {
      return (await repository.latestVersion(modelId)) !== null;
    },

    /** The device's RUL from its model's newest fleet model, stored; null without a model. */
    async estimate(deviceId: string): Promise<FleetEstimate | null> {
      const device = await devices.get(deviceId);
      const fleet = await current(device.model);
      if (!fleet) {
        await repository.dropEstimate(deviceId);
        return null;
      }
      const now = clock.now();
      const { state } = fleet;
      const metrics = state.metrics.flatMap((name) =>
        models.get(device.model).metrics.filter((m) => m.name === name),
      );
      const last = await events.lastLifecycleEvent(deviceId, now);
      const since = last?.ts ?? now - MAX_STEPS * state.stepMs;
      let est: { rul: number; low: number; high: number };
      if (last?.type === 'failure') {
        // Failed and not yet repaired.
        est = { rul: 0, low: 0, high: 0 };
      } else {
        const life = await readLife(deviceId, metrics, since, now, state.stepMs);
        if (life.rows.length === 0) return null;
        est = predictRul(state.model, life);
      }
      const row = {
        device_id: deviceId,
        model_version: fleet.version,
        rul_h: est.rul,
        low_h: est.low,
        high_h: est.high,
        since,
        computed_at: now,
      };
      await repository.saveEstimate(row);
      return toEstimate(row, fleet.state.model.trainedUnits);
    },

    /** The stored estimate (as the API, the report and the rules read it). */
    async stored(deviceId: string): Promise<FleetEstimate | null> {
      const row = await repository.estimate(deviceId);
      if (!row) return null;
      const device = await devices.get(deviceId);
      const fleet = await current(device.model);
      if (!fleet) return null;
      return toEstimate(row, fleet.state.model.trainedUnits);
    },
  };
}

function toEstimate(
  row: {
    model_version: number;
    rul_h: number;
    low_h: number;
    high_h: number;
    since: number;
    computed_at: number;
  },
  trainedOn: number,
): FleetEstimate {
  return {
    method: 'fleet_model',
    modelVersion: row.model_version,
    trainedOn,
    rulH: row.rul_h,
    lowH: row.low_h,
    highH: row.high_h,
    since: row.since,
    computedAt: row.computed_at,
  };
}

export type FleetRulService = ReturnType<typeof createFleetRulService>;
