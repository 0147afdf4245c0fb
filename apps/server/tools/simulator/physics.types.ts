import type { PropertyValue } from '@dtwin/contracts/twin';
import type { Rng } from './prng';

/** How a metric is measured: what the instrument adds on top of the process value. */
export interface MetricNoise {
  /** Measurement noise, 1 σ, in the metric's unit. */
  sigma: number;
  decimals: number;
  /** Physical bounds (a flow is never negative, humidity never above 100 %). */
  min?: number;
  max?: number;
  /** Typical size of an occasional one-sample glitch; 0 or absent = none. */
  spike?: number;
  /** Which way glitches go: up only (most 'high is bad' signals) or either way. */
  spikeDirection?: 'up' | 'both';
  /** Amplitude of slow calibration drift. */
  drift?: number;
}

/** One way a device of a model degrades to a failure. */
export interface ScenarioDef {
  id: string;
  model: string;
  title: string;
  description: string;
  /** The metric that crosses its critical limit at the failure time. */
  failingMetric: string;
  /** Which critical limit it crosses. */
  direction: 'high' | 'low';
  /** Degradation length in simulated hours; each episode draws its length in this range. */
  durationH: readonly [number, number];
  /** Shape of the P-F curve: near 0 is linear, larger is a slow start that accelerates (wear). */
  curvature: number;
  /** The other metrics that move with it, for people reading alerts. */
  correlated: readonly string[];
}

export interface PhysicsInput {
  tMs: number;
  /** Seconds since the previous evaluation; Infinity on the first, which settles thermal lags at once. */
  dtS: number;
  /** How hard this device is driven by the plant right now, 0..1. */
  load: number;
  /** Air temperature around the device, °C. */
  ambient: number;
  props: Readonly<Record<string, PropertyValue>>;
  /** The active degradation scenario, if any. */
  scenario: string | null;
  /** Degradation level: 0 healthy, 1 exactly at the failure time, above 1 while failed. */
  wear: number;
  /**
   * The failing metric's value: moves the healthy value towards the critical limit so that it sits
   * exactly on the limit at the failure time. Returns `healthy` for every other metric.
   */
  degrade(metric: string, healthy: number): number;
}

export interface DevicePhysics {
  /** Noise-free process values of every metric of the model. */
  evaluate(input: PhysicsInput): Record<string, number>;
}

export interface PhysicsDefinition {
  model: string;
  scenarios: readonly ScenarioDef[];
  noise: Readonly<Record<string, MetricNoise>>;
  /** Makes one device: its own parameters (drawn from `rng`) and its own thermal state. */
  create(rng: Rng): DevicePhysics;
}

/** The wear of one scenario: zero unless it is the active one. */
export function wearIn(input: PhysicsInput, scenarioId: string): number {
  return input.scenario === scenarioId ? input.wear : 0;
}

/** First-order lag (a thermal mass): moves `current` towards `target` over `dtS` with time constant `tauS`. */
export function lag(current: number | null, target: number, dtS: number, tauS: number): number {
  if (current === null || !Number.isFinite(dtS) || dtS < 0) return target;
  return current + (target - current) * (1 - Math.exp(-dtS / tauS));
}

export const SQRT3 = Math.sqrt(3);

export function numberProp(props: Readonly<Record<string, PropertyValue>>, name: string, fallback: number) {
  const value = props[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
