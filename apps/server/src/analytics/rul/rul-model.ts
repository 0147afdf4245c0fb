import {
  predictBoostedTrees,
  seededRandom,
  trainBoostedTrees,
  type BoostedTrees,
  type BoostingOptions,
} from './gradient-boosting';
import { fitConditions, normaliseRows, type ConditionNormaliser } from './operating-conditions';
import { fitRidge } from './ridge';
import { featuresAt, healthIndex } from './rul-features';
import type { RulDataset, UnitHistory } from './run-to-failure';

/**
 * The fleet RUL model: operating-condition normalisation, a linear health index, window
 * features (levels and slopes), then gradient-boosted trees on a piecewise-linear target (the
 * RUL capped at `cap`: early in life, wear is invisible and the model does not pretend to see
 * it). The interval comes from the errors on units held out during training.
 */
export interface RulModelOptions {
  /** RUL beyond this is not distinguished (same time unit as the data). */
  cap: number;
  /** Train on every `stride`-th cut of each unit. */
  stride: number;
  /** Share of units held out to measure the errors the interval is built from (0 = none). */
  calibrationShare: number;
  boosting: Partial<BoostingOptions>;
  seed: number;
}

export const defaultRulOptions: RulModelOptions = {
  cap: 125,
  stride: 1,
  calibrationShare: 0.2,
  boosting: {},
  seed: 7,
};

export interface RulModel {
  kind: 'rul-gbt';
  version: 1;
  metrics: string[];
  cap: number;
  normaliser: ConditionNormaliser;
  health: { weights: number[]; bias: number };
  trees: BoostedTrees;
  /** Errors (truth − prediction) by predicted RUL band: 5 %, 50 %, 95 % quantiles. */
  errors: { upTo: number; q05: number; q50: number; q95: number }[];
  trainedUnits: number;
}

export interface RulEstimate {
  rul: number;
  low: number;
  high: number;
}

const BANDS = [0.2, 0.4, 0.6, 0.8, Infinity];

interface Prepared {
  z: number[][];
  times: number[];
  rul: number[];
}

function prepare(norm: ConditionNormaliser, unit: UnitHistory): Prepared {
  const last = unit.times[unit.times.length - 1]!;
  return { z: normaliseRows(norm, unit.rows), times: unit.times, rul: unit.times.map((t) => last - t) };
}

function fitCore(units: UnitHistory[], metrics: string[], settings: number[], o: RulModelOptions) {
  const normaliser = fitConditions({ metrics, settings, units });
  const prepared = units.map((u) => prepare(normaliser, u));
  const hx: number[][] = [];
  const hy: number[] = [];
  for (const p of prepared)
    p.z.forEach((row, i) => {
      hx.push(row);
      hy.push(Math.min(o.cap, p.rul[i]!));
    });
  const health = fitRidge(hx, hy, 1e-3);
  const x: number[][] = [];
  const y: number[] = [];
  for (const p of prepared) {
    const at: number[] = [];
    for (let i = 0; i < p.z.length; i += o.stride) at.push(i);
    const rows = featuresAt(p.z, healthIndex(p.z, health.weights, health.bias), p.times, at);
    rows.forEach((r, k) => {
      x.push(r);
      y.push(Math.min(o.cap, p.rul[at[k]!]!));
    });
  }
  const trees = trainBoostedTrees(x, y, { seed: o.seed, ...o.boosting });
  return { normaliser, health, trees };
}

function estimateCore(core: ReturnType<typeof fitCore>, cap: number, unit: UnitHistory): number {
  const z = normaliseRows(core.normaliser, unit.rows);
  const hi = healthIndex(z, core.health.weights, core.health.bias);
  const [features] = featuresAt(z, hi, unit.times, [z.length - 1]);
  return Math.min(cap, Math.max(0, predictBoostedTrees(core.trees, features!)));
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
}

export function trainRulModel(data: RulDataset, options: Partial<RulModelOptions> = {}): RulModel {
  const o = { ...defaultRulOptions, ...options };
  const units = data.units.filter((u) => u.rows.length >= 2);
  if (units.length < 2) throw new Error('at least two run-to-failure histories are needed');
  // Interval: train without some units, cut those at every point, record the errors per band.
  const errorsByBand: number[][] = BANDS.map(() => []);
  const random = seededRandom(o.seed);
  const held =
    o.calibrationShare > 0 && units.length >= 5 ? units.filter(() => random() < o.calibrationShare) : [];
  if (held.length > 0 && held.length < units.length) {
    const core = fitCore(
      units.filter((u) => !held.includes(u)),
      data.metrics,
      data.settings,
      { ...o, stride: Math.max(o.stride, 2) },
    );
    for (const u of held) {
      const last = u.times[u.times.length - 1]!;
      for (let i = 1; i < u.rows.length; i += 3) {
        const cut = { unit: u.unit, times: u.times.slice(0, i + 1), rows: u.rows.slice(0, i + 1) };
        const pred = estimateCore(core, o.cap, cut);
        const band = BANDS.findIndex((b) => pred < b * o.cap);
        errorsByBand[band]!.push(last - u.times[i]! - pred);
      }
    }
  }
  const core = fitCore(units, data.metrics, data.settings, o);
  const all = errorsByBand.flat().sort((a, b) => a - b);
  const errors = BANDS.map((b, k) => {
    const e = errorsByBand[k]!.length >= 20 ? [...errorsByBand[k]!].sort((p, q) => p - q) : all;
    const fallback = all.length === 0;
    return {
      upTo: b * o.cap,
      q05: fallback ? -0.3 * o.cap : quantile(e, 0.05),
      q50: fallback ? 0 : quantile(e, 0.5),
      q95: fallback ? 0.3 * o.cap : quantile(e, 0.95),
    };
  });
  return {
    kind: 'rul-gbt',
    version: 1,
    metrics: data.metrics,
    cap: o.cap,
    ...core,
    errors,
    trainedUnits: units.length,
  };
}

/** The RUL after the unit's last row, with a 90 % interval. */
export function predictRul(model: RulModel, unit: UnitHistory): RulEstimate {
  const rul = estimateCore(model, model.cap, unit);
  const band = model.errors.find((e) => rul < e.upTo) ?? model.errors[model.errors.length - 1]!;
  return { rul, low: Math.max(0, rul + band.q05), high: Math.max(rul, rul + band.q95) };
}
