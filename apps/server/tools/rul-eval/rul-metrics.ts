/** Root mean squared error of predicted against true RUL. */
export function rmse(pred: number[], truth: number[]): number {
  if (pred.length === 0) return NaN;
  return Math.sqrt(pred.reduce((a, p, i) => a + (p - truth[i]!) ** 2, 0) / pred.length);
}

/**
 * The PHM08 challenge score: Σ exp(−d/13) − 1 for early predictions (d < 0) and exp(d/10) − 1
 * for late ones (d = predicted − true), so being late costs more. Lower is better.
 */
export function phm08Score(pred: number[], truth: number[]): number {
  return pred.reduce((a, p, i) => {
    const d = p - truth[i]!;
    return a + (d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1);
  }, 0);
}
