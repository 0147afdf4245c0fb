import { describe, expect, it } from 'vitest';
import { predictRul, trainRulModel } from './rul-model';
import { cutFleet, syntheticFleet, type DegradationShape } from './synthetic-degradation';

const rmse = (e: number[]) => Math.sqrt(e.reduce((a, v) => a + v * v, 0) / e.length);

describe('the fleet RUL model on degradation shapes the simulator does not produce', () => {
  const shapes: DegradationShape[] = ['linear', 'power_law', 'random_walk', 'step_then_drift'];

  it.each(shapes)(
    '%s: much closer to the truth than "mean life minus age", with honest intervals',
    (shape) => {
      const train = syntheticFleet(shape, { units: 40, seed: 11 });
      const test = cutFleet(syntheticFleet(shape, { units: 30, seed: 99 }), 5, 100);
      const model = trainRulModel(train, { cap: 100, boosting: { trees: 120 } });
      const meanLife = train.units.reduce((a, u) => a + u.times.length, 0) / train.units.length;

      const errors: number[] = [];
      const naive: number[] = [];
      let covered = 0;
      for (const { unit, rul } of test) {
        const est = predictRul(model, unit);
        const truth = Math.min(rul, 100);
        errors.push(est.rul - truth);
        naive.push(Math.min(100, Math.max(0, meanLife - unit.times.length)) - truth);
        expect(est.low).toBeLessThanOrEqual(est.rul);
        expect(est.high).toBeGreaterThanOrEqual(est.rul);
        if (truth >= est.low - 1 && truth <= est.high + 1) covered++;
      }
      expect(rmse(errors)).toBeLessThan(0.6 * rmse(naive));
      expect(covered / test.length).toBeGreaterThanOrEqual(0.7);
    },
  );

  it('learns the settings-dependent offsets away: a change of operating regime is not wear', () => {
    const base = syntheticFleet('linear', { units: 40, seed: 3 });
    // Two regimes: in regime 1 every sensor reads 20 higher, whatever the wear.
    const withRegimes = (data: typeof base, seed: number) => ({
      metrics: ['setting1', ...data.metrics],
      settings: [0],
      units: data.units.map((u) => ({
        ...u,
        rows: u.rows.map((r, i) => {
          const regime = (i * 7 + u.unit + seed) % 3 === 0 ? 1 : 0;
          return [regime * 10, ...r.map((v) => v + regime * 20)];
        }),
      })),
    });
    const model = trainRulModel(withRegimes(base, 0), { cap: 100, boosting: { trees: 120 } });
    const test = cutFleet(withRegimes(syntheticFleet('linear', { units: 20, seed: 8 }), 1), 2, 100);
    const errors = test.map(({ unit, rul }) => predictRul(model, unit).rul - Math.min(rul, 100));
    expect(model.normaliser.centers).toHaveLength(2);
    expect(rmse(errors)).toBeLessThan(15);
  });
});
