/**
 * One simulated device: the model's physics, the plant around it, its degradation plan, measurement
 * noise, drift and glitches, and its writable properties. Pure: time is passed in, randomness is
 * seeded, nothing here touches the network or the clock.
 */
import type { PropertyValue } from '@dtwin/contracts/twin';
import { builtinModels } from '../../src/modules/models/builtin-models';
import { alwaysOnline, createOutageSchedule, type Connectivity, type OutageSchedule } from './connectivity';
import { plantAmbient, shiftLoad } from './environment';
import { criticalLimit, physicsByModel, scenarioById } from './physics-registry';
import { createRng, hashGaussian, hashInts, hashString, hashUnit, smoothNoise } from './prng';
import { episodeAt, healthyPlan, type Episode, type ScenarioPlan } from './scenario-plan';
import { applyProperties, defaultProperties } from './device-properties';

/** One glitch every ~3000 readings per metric: rare enough to stay out of the health statistics. */
const SPIKE_RATE = 1 / 3000;
/** Where the failing metric sits once failed: clearly past the limit, still creeping. */
const FAILED_WEAR = [1.08, 1.15] as const;

export interface DeviceSimOptions {
  id: string;
  model: string;
  /** The fleet's seed; each device mixes in its id, so two devices never share a noise stream. */
  seed: number;
  /** When the device degrades (see planScenarios); default: never. */
  plan?: ScenarioPlan;
  /** Silent periods: the seeded schedule by default, `false` for none, or a schedule of your own. */
  outages?: OutageSchedule | false;
  /** Local time of the site for shifts and the daily cycle. Default 0 (UTC). */
  utcOffsetMinutes?: number;
  /** Occasional one-sample glitches. Default true. */
  spikes?: boolean;
}

export type SimPhase = 'healthy' | 'degrading' | 'failed';

export interface DeviceSimState {
  id: string;
  model: string;
  phase: SimPhase;
  scenario: string | null;
  failingMetric: string | null;
  criticalLimit: number | null;
  /** 1 = as new, 0 = at (or past) the failure. */
  health: number;
  degradationStartedAt: number | null;
  /** The true failure time: when the failing metric's noise-free value reaches its critical limit. */
  failureAt: number | null;
  /** When maintenance resets the device to healthy. */
  maintenanceAt: number | null;
  online: boolean;
  offlineUntil: number | null;
}

export interface DeviceSim {
  readonly id: string;
  readonly model: string;
  /** One reading of every metric of the model at tMs (epoch ms). */
  sample(tMs: number): Record<string, number>;
  /** The truth behind the readings at tMs (default: the last sample's time). */
  state(tMs?: number): DeviceSimState;
  /** Applies the writable properties it knows (clamped to their ranges); returns the values now in force. */
  applyDesired(desired: Readonly<Record<string, unknown>>): Record<string, PropertyValue>;
  /** Every property's current value, as the device reports it. */
  properties(): Record<string, PropertyValue>;
  sampleIntervalS(): number;
  connectivity(tMs: number): Connectivity;
  /**
   * Zeroes the calibration drift of one metric's transmitter (or of all) at tMs; returns the
   * offset removed from each.
   */
  calibrate(tMs: number, metric?: string): Record<string, number>;
  /** Clears the alarms latched by readings past a critical limit; returns the metrics cleared. */
  resetAlarms(): string[];
  /** The alarms latched since the last reset. */
  alarms(): string[];
  /** The last reading of each metric. */
  lastSample(): Readonly<Record<string, number>>;
}

/** P-F curve: 0 at the onset, 1 at the failure; `curvature` bends it into a slow start and a fast end. */
export function wearCurve(progress: number, curvature: number): number {
  const s = Math.max(0, progress);
  return curvature < 1e-3 ? s : Math.expm1(curvature * s) / Math.expm1(curvature);
}

function wearAt(episode: Episode, tMs: number, curvature: number): number {
  if (tMs < episode.failureMs) {
    return wearCurve((tMs - episode.startMs) / (episode.failureMs - episode.startMs), curvature);
  }
  const failed = Math.min(1, (tMs - episode.failureMs) / Math.max(1, episode.resetMs - episode.failureMs));
  return FAILED_WEAR[0] + (FAILED_WEAR[1] - FAILED_WEAR[0]) * failed;
}

export function createDeviceSim(options: DeviceSimOptions): DeviceSim {
  const { id, model } = options;
  const definition = physicsByModel.get(model);
  const modelDef = builtinModels.find((m) => m.id === model);
  if (!definition || !modelDef) throw new Error(`the simulator has no physics for model '${model}'`);

  const seed = hashInts(options.seed, hashString(id));
  const siteSeed = hashInts(options.seed, 0x517e);
  const rng = createRng(seed);
  const physics = definition.create(rng);
  const plan = options.plan ?? healthyPlan;
  const outages =
    options.outages === false
      ? alwaysOnline
      : (options.outages ?? createOutageSchedule(hashInts(seed, 0x0ff)));
  const utcOffset = options.utcOffsetMinutes ?? 0;
  const spikes = options.spikes ?? true;
  // Some machines follow the shifts closely, others serve continuous processes.
  const shiftWeight = rng.range(0.6, 1);
  const ambientOffset = rng.range(-0.5, 0.5);
  const metrics = modelDef.metrics.map((m, i) => ({
    name: m.name,
    channel: 100 + 10 * i,
    noise: definition.noise[m.name],
  }));
  let props = defaultProperties(modelDef);
  let lastT: number | null = null;
  // Calibration: the drift at the time of the last calibration of each metric, subtracted since.
  const driftAtCalibration = new Map<string, number>();
  const latched = new Set<string>();
  let last: Record<string, number> = {};
  const driftOf = (channel: number, noise: (typeof metrics)[number]['noise'], tMs: number) =>
    (noise?.drift ?? 0) * smoothNoise(seed, channel + 1, tMs, 9 * 3_600_000);

  const deviceLoad = (t: number) =>
    Math.min(
      1,
      Math.max(
        0,
        shiftWeight * shiftLoad(t, utcOffset) +
          (1 - shiftWeight) * 0.6 +
          0.05 * smoothNoise(seed, 1, t, 720_000),
      ),
    );

  return {
    id,
    model,
    sample(tMs) {
      const episode = episodeAt(plan, tMs);
      const scenario = episode ? scenarioById(episode.scenario) : null;
      const wear = episode && scenario ? wearAt(episode, tMs, scenario.curvature) : 0;
      const limit = scenario ? criticalLimit(scenario) : 0;
      const dtS = lastT === null || tMs < lastT ? Infinity : (tMs - lastT) / 1000;
      lastT = tMs;

      const values = physics.evaluate({
        tMs,
        dtS,
        load: deviceLoad(tMs),
        ambient: plantAmbient(tMs, utcOffset, siteSeed) + ambientOffset,
        props,
        scenario: scenario?.id ?? null,
        wear,
        degrade: (metric, healthy) =>
          scenario && metric === scenario.failingMetric ? healthy + (limit - healthy) * wear : healthy,
      });

      const out: Record<string, number> = {};
      for (const { name, channel, noise } of metrics) {
        let v = values[name] ?? 0;
        // Transmitters cut off at zero: a stopped pump reads no flow, not noise around nothing.
        if (noise && !(v === 0 && noise.min === 0)) {
          v += driftOf(channel, noise, tMs) - (driftAtCalibration.get(name) ?? 0);
          v += noise.sigma * hashGaussian(seed, channel, tMs);
          const second = Math.floor(tMs / 1000);
          if (spikes && noise.spike && hashUnit(seed, channel + 2, second) < SPIKE_RATE) {
            const sign =
              noise.spikeDirection === 'both' && hashUnit(seed, channel + 3, second) < 0.5 ? -1 : 1;
            v += sign * noise.spike * (0.6 + 0.4 * hashUnit(seed, channel + 4, second));
          }
          if (noise.min !== undefined) v = Math.max(noise.min, v);
          if (noise.max !== undefined) v = Math.min(noise.max, v);
        }
        const scale = 10 ** (noise?.decimals ?? 3);
        out[name] = Math.round(v * scale) / scale;
        const critical = modelDef.metrics.find((m) => m.name === name)?.critical;
        if (critical && (out[name] < critical.min || out[name] > critical.max)) latched.add(name);
      }
      last = out;
      return out;
    },

    state(tMs) {
      const t = tMs ?? lastT ?? 0;
      const episode = episodeAt(plan, t);
      const connectivity = outages.at(t);
      const base = { id, model, online: connectivity.online, offlineUntil: connectivity.until };
      if (!episode) {
        return {
          ...base,
          phase: 'healthy',
          scenario: null,
          failingMetric: null,
          criticalLimit: null,
          health: 1,
          degradationStartedAt: null,
          failureAt: null,
          maintenanceAt: null,
        };
      }
      const scenario = scenarioById(episode.scenario);
      const failed = t >= episode.failureMs;
      return {
        ...base,
        phase: failed ? 'failed' : 'degrading',
        scenario: scenario.id,
        failingMetric: scenario.failingMetric,
        criticalLimit: criticalLimit(scenario),
        health: failed ? 0 : Math.max(0, 1 - wearAt(episode, t, scenario.curvature)),
        degradationStartedAt: episode.startMs,
        failureAt: episode.failureMs,
        maintenanceAt: episode.resetMs,
      };
    },

    applyDesired(desired) {
      const { next, applied } = applyProperties(modelDef, props, desired);
      props = next;
      return applied;
    },

    properties: () => ({ ...props }),
    sampleIntervalS() {
      const v = props.sample_interval_s;
      return typeof v === 'number' && v > 0 ? v : 5;
    },
    connectivity: (tMs) => outages.at(tMs),

    calibrate(tMs, metric) {
      const removed: Record<string, number> = {};
      for (const { name, channel, noise } of metrics) {
        if (metric !== undefined && metric !== name) continue;
        const drift = driftOf(channel, noise, tMs);
        const scale = 10 ** (noise?.decimals ?? 3);
        removed[name] = Math.round((drift - (driftAtCalibration.get(name) ?? 0)) * scale) / scale;
        driftAtCalibration.set(name, drift);
      }
      return removed;
    },
    resetAlarms() {
      const cleared = [...latched].sort();
      latched.clear();
      return cleared;
    },
    alarms: () => [...latched].sort(),
    lastSample: () => ({ ...last }),
  };
}
