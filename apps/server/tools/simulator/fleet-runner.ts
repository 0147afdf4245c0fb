/**
 * Runs a simulated fleet against an MQTT broker: one connection per device, exactly as real
 * devices would connect. The server starts it for its built-in fleet; `dtwin simulate` runs it
 * against any broker.
 */
import crypto from 'node:crypto';
import { systemClock, type Clock } from '../../src/lib/clock';
import { createDeviceSim, type DeviceSim, type DeviceSimState } from './device-sim';
import {
  createDeviceLink,
  silentLogger,
  type DeviceLink,
  type DeviceLinkStatus,
  type LinkCounters,
  type SimLogger,
} from './device-link';
import { physicsByModel } from './physics-registry';
import { createRng, hashInts, hashString } from './prng';
import { createLifecycleWatch, type LifecycleEvent } from './lifecycle-watch';
import { planScenarios } from './scenario-plan';

export interface FleetDevice {
  id: string;
  model: string;
  /** The device's MQTT password; absent for a broker that does its own (or no) authentication. */
  token?: string;
}

export interface StartFleetOptions {
  /** mqtt://host:port (or mqtts://, ws://). */
  brokerUrl: string;
  devices: ReadonlyArray<FleetDevice>;
  seed: number;
  /** Degradation speed-up: 60 turns a 5-hour failure into 5 minutes. Default 1. */
  timeScale?: number;
  logger?: SimLogger;
  /** Time for readings and physics. Default: the system clock. */
  clock?: Clock;
  /** Seeded silent periods. Default true. */
  outages?: boolean;
  /** The site's local time, for shifts and daily cycles. Default 0 (UTC). */
  utcOffsetMinutes?: number;
  /** Share of the fleet in a degradation episode (degrading or failed) at any moment. Default 0.18. */
  degradingFraction?: number;
  /** Divides every real wait (publish interval, stagger, backoff); for tests. Default 1. */
  speedup?: number;
  /** Told of each failure and repair (phase changes, checked every 5 s), e.g. to record them in the maintenance log. */
  onLifecycle?: (event: LifecycleEvent) => void;
}

export interface FleetStats {
  devices: number;
  /** Devices whose model the simulator cannot play; they are not started. */
  skipped: number;
  connected: number;
  silent: number;
  degrading: number;
  failed: number;
  connects: number;
  connectErrors: number;
  published: number;
  publishErrors: number;
  reported: number;
  desiredApplied: number;
  desiredRejected: number;
  silences: number;
}

export interface FleetDeviceStatus extends DeviceLinkStatus {
  sim: DeviceSimState;
}

export interface Fleet {
  stop(): Promise<void>;
  stats(): FleetStats;
  /** Every device's connection and its simulated truth (scenario, health, failure time) now. */
  devices(): FleetDeviceStatus[];
}

const LIFECYCLE_CHECK_MS = 5000;

/** A broker URL may carry credentials (mqtt://user:secret@host); they never reach a log. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** How long the start-up is spread over, so devices do not publish in lockstep. */
const STAGGER_MS = 5000;

export function startFleet(options: StartFleetOptions): Fleet {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const speedup = options.speedup ?? 1;
  if (!(speedup > 0)) throw new Error('speedup must be positive');
  const playable = options.devices.filter((d) => physicsByModel.has(d.model));
  const skipped = options.devices.filter((d) => !physicsByModel.has(d.model));
  for (const d of skipped) {
    logger.warn(
      { device: d.id, model: d.model },
      'simulator: no physics for this model; device not simulated',
    );
  }

  const plans = planScenarios(playable, {
    seed: options.seed,
    timeScale: options.timeScale,
    fraction: options.degradingFraction,
  });
  const counters: LinkCounters = {
    connects: 0,
    connectErrors: 0,
    published: 0,
    publishErrors: 0,
    reported: 0,
    desiredApplied: 0,
    desiredRejected: 0,
    silences: 0,
  };
  // Unique per run, so a second simulator (or a restart racing the old session) never takes over.
  const run = crypto.randomBytes(3).toString('hex');
  const entries: Array<{ sim: DeviceSim; link: DeviceLink }> = playable.map((d, i) => {
    const sim = createDeviceSim({
      id: d.id,
      model: d.model,
      seed: options.seed,
      plan: plans.get(d.id),
      outages: options.outages === false ? false : undefined,
      utcOffsetMinutes: options.utcOffsetMinutes,
    });
    const rng = createRng(hashInts(options.seed, hashString(d.id), 0x11e7));
    const link = createDeviceLink({
      brokerUrl: options.brokerUrl,
      token: d.token,
      clientId: `${d.id}:sim-${run}`,
      sim,
      clock,
      logger,
      counters,
      speedup,
      startDelayMs: (((i + rng.next()) / Math.max(1, playable.length)) * STAGGER_MS) / speedup,
      random: rng.next,
    });
    return { sim, link };
  });
  for (const { link } of entries) link.start();
  logger.info(
    {
      devices: entries.length,
      broker: withoutPassword(options.brokerUrl),
      seed: options.seed,
      timeScale: options.timeScale ?? 1,
    },
    'simulated fleet starting',
  );

  const onLifecycle = options.onLifecycle;
  const watch = createLifecycleWatch();
  const lifecycle = onLifecycle
    ? setInterval(() => {
        const now = clock.now();
        for (const { sim } of entries) {
          const event = watch(sim.state(now), now);
          if (event) onLifecycle(event);
        }
      }, LIFECYCLE_CHECK_MS / speedup)
    : null;
  lifecycle?.unref();

  let stopped: Promise<void> | null = null;
  return {
    stop() {
      if (lifecycle) clearInterval(lifecycle);
      stopped ??= Promise.all(entries.map(({ link }) => link.stop())).then(() => undefined);
      return stopped;
    },
    stats() {
      const now = clock.now();
      let connected = 0;
      let silent = 0;
      let degrading = 0;
      let failed = 0;
      for (const { sim, link } of entries) {
        const status = link.status();
        if (status.connected) connected++;
        if (status.silentUntil !== null) silent++;
        const phase = sim.state(now).phase;
        if (phase === 'degrading') degrading++;
        if (phase === 'failed') failed++;
      }
      return {
        devices: entries.length,
        skipped: skipped.length,
        connected,
        silent,
        degrading,
        failed,
        ...counters,
      };
    },
    devices() {
      const now = clock.now();
      return entries.map(({ sim, link }) => ({ ...link.status(), sim: sim.state(now) }));
    },
  };
}
