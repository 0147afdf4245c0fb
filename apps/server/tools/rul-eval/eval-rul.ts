/**
 * `npm run eval:rul [-- --data <file>] [--folds 5] [--cuts 5] [--quick]`
 *
 * Cross-validates the fleet RUL model on run-to-failure histories (default: NASA C-MAPSS
 * train_FD001): engines are held out fold by fold, each held-out engine is cut at random cycles
 * and its RUL predicted by a model that never saw it. Prints RMSE and the PHM08 score for the
 * model, the per-metric `limit_trend` predictor and "mean life minus age". `--data` is relative
 * to the repository root. See docs/analytics.md for the protocol and the figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseRulDataset } from '../../src/analytics/rul/rul-dataset-parse';
import { predictRul, trainRulModel } from '../../src/analytics/rul/rul-model';
import { crossValidate, type RulLearner } from './cross-validate';
import { limitTrendLearner, meanLifeLearner } from './limit-trend-baseline';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const CAP = 125;

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/cmapss/train_FD001.txt' },
    folds: { type: 'string', default: '5' },
    cuts: { type: 'string', default: '5' },
    seed: { type: 'string', default: '3' },
    quick: { type: 'boolean', default: false },
  },
});

const file = path.resolve(repoRoot, values.data);
if (!fs.existsSync(file)) {
  process.stderr.write(
    `eval:rul: no data at ${values.data} (relative to the repository root); pass --data\n`,
  );
  process.exit(1);
}
const data = parseRulDataset(fs.readFileSync(file, 'utf8'));

const model: RulLearner = (train) => {
  const m = trainRulModel(train, { cap: CAP, calibrationShare: 0, ...(values.quick ? { stride: 3 } : {}) });
  return (unit) => predictRul(m, unit).rul;
};
const methods: [string, RulLearner][] = [
  ['fleet model (gradient-boosted trees)', model],
  ['limit_trend (per-metric extrapolation)', limitTrendLearner(CAP)],
  ['mean life minus age', meanLifeLearner],
];

const protocols = [
  { label: 'cuts with true RUL ≤ 150 (like the NASA test sets)', maxRul: 150 },
  { label: 'cuts anywhere after 31 cycles', maxRul: Infinity },
];

process.stdout.write(
  `${path.basename(file)}: ${data.units.length} units, ${values.folds}-fold cross-validation over units, ${values.cuts} random cuts per held-out unit (≥ 31 rows seen)\n`,
);
const results = methods.map(([name, learner]) => ({
  name,
  results: crossValidate(
    data,
    learner,
    {
      folds: Number(values.folds),
      cutsPerUnit: Number(values.cuts),
      minRows: 31,
      maxRul: protocols[0]!.maxRul,
      seed: Number(values.seed),
    },
    protocols.slice(1).map((p) => p.maxRul),
  ),
}));
protocols.forEach((protocol, k) => {
  process.stdout.write(
    `\n${protocol.label}\n${'method'.padEnd(42)}${'RMSE'.padStart(8)}${'PHM08/100'.padStart(12)}${'train s'.padStart(9)}\n`,
  );
  for (const { name, results: r } of results)
    process.stdout.write(
      `${name.padEnd(42)}${r[k]!.rmse.toFixed(2).padStart(8)}${r[k]!.scorePer100.toFixed(0).padStart(12)}${r[k]!.trainSeconds.toFixed(1).padStart(9)}\n`,
    );
});
