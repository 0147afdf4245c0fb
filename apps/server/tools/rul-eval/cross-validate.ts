import { seededRandom } from '../../src/analytics/rul/gradient-boosting';
import type { RulDataset, UnitHistory } from '../../src/analytics/rul/run-to-failure';
import { phm08Score, rmse } from './rul-metrics';

/** Something that learns from run-to-failure histories and then predicts the RUL of a cut history. */
export type RulLearner = (train: RulDataset) => (unit: UnitHistory) => number;

export interface CvOptions {
  folds: number;
  cutsPerUnit: number;
  /** Cuts leave at least this many rows, and a true RUL of at most `maxRul` (like NASA's test sets). */
  minRows: number;
  maxRul: number;
  seed: number;
}

export interface CvResult {
  cuts: number;
  rmse: number;
  /** PHM08 score per cut (the sum over cuts divided by their number, comparable across set sizes). */
  scorePerCut: number;
  /** The score as published: the sum over a 100-engine test set of one cut each. */
  scorePer100: number;
  trainSeconds: number;
}

/** Engines held out fold by fold, each cut at random points; the learner never sees the held-out engines. */
export function crossValidate(
  data: RulDataset,
  learner: RulLearner,
  options: CvOptions,
  /** Other cut rules, measured on the same trained folds (their results follow the first). */
  alsoMaxRul: number[] = [],
): CvResult[] {
  const random = seededRandom(options.seed);
  const protocols = [options.maxRul, ...alsoMaxRul].map((maxRul) => ({
    maxRul,
    pred: [] as number[],
    truth: [] as number[],
  }));
  const order = data.units.map((u) => ({ u, k: random() })).sort((a, b) => a.k - b.k);
  let trainMs = 0;
  for (let f = 0; f < options.folds; f++) {
    const test = order.filter((_, i) => i % options.folds === f).map((o) => o.u);
    const train = order.filter((_, i) => i % options.folds !== f).map((o) => o.u);
    const started = performance.now();
    const predict = learner({ ...data, units: train });
    trainMs += performance.now() - started;
    for (const u of test) {
      const n = u.rows.length;
      const last = u.times[n - 1]!;
      for (const { maxRul, pred, truth } of protocols) {
        const candidates: number[] = [];
        for (let i = options.minRows - 1; i < n - 1; i++)
          if (last - u.times[i]! <= maxRul) candidates.push(i);
        for (let c = 0; c < options.cutsPerUnit && candidates.length > 0; c++) {
          const i = candidates[Math.floor(random() * candidates.length)]!;
          pred.push(predict({ unit: u.unit, times: u.times.slice(0, i + 1), rows: u.rows.slice(0, i + 1) }));
          truth.push(last - u.times[i]!);
        }
      }
    }
  }
  return protocols.map(({ pred, truth }) => {
    const score = phm08Score(pred, truth);
    return {
      cuts: pred.length,
      rmse: rmse(pred, truth),
      scorePerCut: score / pred.length,
      scorePer100: (100 * score) / pred.length,
      trainSeconds: trainMs / 1000 / options.folds,
    };
  });
}
