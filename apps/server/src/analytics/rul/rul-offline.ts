import { parseRulDataset, RulDataError } from './rul-dataset-parse';
import { predictRul, trainRulModel } from './rul-model';

/** The offline contract: learn from run-to-failure histories, predict the RUL after each test unit's last row. */
export function rulOffline(trainText: string, testText: string): { unit: number; rul: number }[] {
  const train = parseRulDataset(trainText);
  const test = parseRulDataset(testText);
  if (train.metrics.join(',') !== test.metrics.join(','))
    throw new RulDataError('the training and test files must have the same metrics in the same order');
  const model = trainRulModel(train, { calibrationShare: 0 });
  return test.units.map((u) => ({ unit: u.unit, rul: predictRul(model, u).rul }));
}
