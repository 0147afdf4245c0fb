/**
 * When each device degrades. The fleet is split into `lanes`; in each lane the devices take turns,
 * one 8-hour (simulated) slot each: degrade to a failure, wait for maintenance, reset. So at any
 * moment at most one device per lane is in an episode, which fixes the share of the fleet that is
 * degrading, and everything is a pure function of (seed, time): a restarted simulator carries on
 * with the same failures, and the failure time of every episode is known in advance.
 */
import { physicsByModel, scenarioById } from './physics-registry';
import { createRng, hashInts, hashUnit } from './prng';

const HOUR = 3_600_000;
const SLOT_H = 8;
const JITTER_H = 0.3;
const REPAIR_H: readonly [number, number] = [0.3, 0.8];

export interface Episode {
  scenario: string;
  /** When degradation begins (epoch ms). */
  startMs: number;
  /** When the failing metric reaches its critical limit (epoch ms). */
  failureMs: number;
  /** When maintenance puts the device back to healthy (epoch ms). */
  resetMs: number;
}

export interface ScenarioPlan {
  /** The episodes that overlap [fromMs, toMs), in time order. */
  episodes(fromMs: number, toMs: number): Episode[];
}

/** The episode in progress at tMs (degrading or failed, before its reset), if any. */
export function episodeAt(plan: ScenarioPlan, tMs: number): Episode | null {
  return plan.episodes(tMs, tMs + 1).find((e) => e.startMs <= tMs && tMs < e.resetMs) ?? null;
}

/** A device that never degrades. */
export const healthyPlan: ScenarioPlan = { episodes: () => [] };

export function fixedPlan(episodes: readonly Episode[]): ScenarioPlan {
  const sorted = [...episodes].sort((a, b) => a.startMs - b.startMs);
  return { episodes: (from, to) => sorted.filter((e) => e.startMs < to && e.resetMs > from) };
}

/**
 * One episode of a scenario starting at `startMs`: its length is drawn from the scenario's range
 * (by `seed`) unless given, and compressed by `timeScale`.
 */
export function scheduleEpisode(
  scenarioId: string,
  startMs: number,
  options: { timeScale?: number; seed?: number; durationH?: number; repairH?: number } = {},
): Episode {
  const scenario = scenarioById(scenarioId);
  const timeScale = options.timeScale ?? 1;
  const [lo, hi] = scenario.durationH;
  const durationH = options.durationH ?? lo + (hi - lo) * hashUnit(options.seed ?? 0, 0xd1);
  const repairH = options.repairH ?? 0.5;
  const failureMs = startMs + Math.round((durationH * HOUR) / timeScale);
  return {
    scenario: scenarioId,
    startMs,
    failureMs,
    resetMs: failureMs + Math.round((repairH * HOUR) / timeScale),
  };
}

export interface PlanOptions {
  seed: number;
  /** Scenario speed-up: 60 turns a 5-hour degradation into 5 minutes. Default 1. */
  timeScale?: number;
  /** Share of the fleet in a degradation episode (degrading or failed), on average. Default 0.18. */
  fraction?: number;
}

const mean = (range: readonly [number, number]) => (range[0] + range[1]) / 2;

/** Assigns every device a plan; devices of models without physics get the healthy plan. */
export function planScenarios(
  devices: ReadonlyArray<{ id: string; model: string }>,
  options: PlanOptions,
): Map<string, ScenarioPlan> {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('timeScale must be positive');
  const fraction = options.fraction ?? 0.18;
  const plans = new Map<string, ScenarioPlan>(devices.map((d) => [d.id, healthyPlan]));
  const playable = [...devices]
    .filter((d) => (physicsByModel.get(d.model)?.scenarios.length ?? 0) > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (playable.length === 0 || fraction <= 0) return plans;

  // How much of its slot an episode occupies, on average, for this fleet's models.
  const occupancy =
    playable.reduce((sum, d) => {
      const scenarios = physicsByModel.get(d.model)?.scenarios ?? [];
      const duration = scenarios.reduce((s, sc) => s + mean(sc.durationH), 0) / scenarios.length;
      return sum + (duration + mean(REPAIR_H) + JITTER_H / 2) / SLOT_H;
    }, 0) / playable.length;
  const laneCount = Math.min(
    playable.length,
    Math.max(1, Math.round((playable.length * fraction) / occupancy)),
  );

  const rng = createRng(hashInts(options.seed, 0x1a4e));
  const order = rng.shuffle(playable);
  const lanes = Array.from({ length: laneCount }, (_, lane) =>
    order.filter((_, i) => i % laneCount === lane),
  );
  lanes.forEach((members, lane) => {
    // Lanes change over at evenly staggered moments, so their idle gaps do not line up and the
    // number of devices degrading stays close to constant.
    const phase = ((lane + 0.25 * rng.next()) / laneCount + rng.int(0, members.length - 1)) * SLOT_H * HOUR;
    members.forEach((device, position) => {
      plans.set(device.id, lanePlan({ seed: options.seed, lane, members, position, phase, timeScale }));
    });
  });
  return plans;
}

function lanePlan(p: {
  seed: number;
  lane: number;
  members: ReadonlyArray<{ id: string; model: string }>;
  position: number;
  phase: number;
  timeScale: number;
}): ScenarioPlan {
  const m = p.members.length;
  const slot = SLOT_H * HOUR;
  const device = p.members[p.position];
  const scenarios = (device && physicsByModel.get(device.model)?.scenarios) ?? [];

  const episode = (k: number): Episode | null => {
    const scenario = scenarios[Math.floor(hashUnit(p.seed, p.lane, k, 1) * scenarios.length)];
    if (!scenario) return null;
    // Simulated time is wall time × timeScale, so the schedule is anchored to the epoch.
    const start = p.phase + k * slot + JITTER_H * HOUR * hashUnit(p.seed, p.lane, k, 2);
    const [lo, hi] = scenario.durationH;
    const failure = start + (lo + (hi - lo) * hashUnit(p.seed, p.lane, k, 3)) * HOUR;
    const reset =
      failure + (REPAIR_H[0] + (REPAIR_H[1] - REPAIR_H[0]) * hashUnit(p.seed, p.lane, k, 4)) * HOUR;
    const real = (sim: number) => Math.round(sim / p.timeScale);
    return { scenario: scenario.id, startMs: real(start), failureMs: real(failure), resetMs: real(reset) };
  };

  return {
    episodes(fromMs, toMs) {
      const first = Math.floor((fromMs * p.timeScale - p.phase) / slot) - 1;
      const last = Math.floor((toMs * p.timeScale - p.phase) / slot);
      const out: Episode[] = [];
      // Only every m-th slot of the lane is this device's turn.
      let k = first + ((((p.position - first) % m) + m) % m);
      for (; k <= last; k += m) {
        const e = episode(k);
        if (e && e.startMs < toMs && e.resetMs > fromMs) out.push(e);
      }
      return out;
    },
  };
}
