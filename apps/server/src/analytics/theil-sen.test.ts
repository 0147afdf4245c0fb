import { describe, expect, it } from 'vitest';
import { createRng } from '../../tools/simulator/prng';
import { theilSen } from './theil-sen';

const gauss = (rng: ReturnType<typeof createRng>) =>
  Math.sqrt(-2 * Math.log(Math.max(rng.next(), 1e-12))) * Math.cos(2 * Math.PI * rng.next());

describe('Theil–Sen regression', () => {
  it('recovers an exact line', () => {
    const xs = [0, 1, 2, 3, 4, 5];
    const fit = theilSen(
      xs,
      xs.map((x) => 3 - 0.5 * x),
    );
    expect(fit?.slope).toBeCloseTo(-0.5, 12);
    expect(fit?.intercept).toBeCloseTo(3, 12);
  });

  it('ignores a quarter of wild outliers that wreck least squares', () => {
    const rng = createRng(7);
    const xs = Array.from({ length: 60 }, (_, i) => i);
    const ys = xs.map((x) => 2 * x + 10 + gauss(rng) * 0.5);
    for (let i = 0; i < 15; i++) ys[i * 4] = 500; // glitches
    const fit = theilSen(xs, ys);
    expect(fit?.slope).toBeGreaterThan(1.9);
    expect(fit?.slope).toBeLessThan(2.1);
  });

  it('gives a 90 % interval that covers the true slope about 90 % of the time', () => {
    const rng = createRng(11);
    let covered = 0;
    const runs = 300;
    for (let r = 0; r < runs; r++) {
      const xs = Array.from({ length: 40 }, (_, i) => i);
      const fit = theilSen(
        xs,
        xs.map((x) => 0.3 * x + gauss(rng)),
      );
      if (fit && fit.slopeLow <= 0.3 && 0.3 <= fit.slopeHigh) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.84);
    expect(covered / runs).toBeLessThan(0.96);
  });

  it('widens the interval when the residuals wander (autocorrelation)', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 80 }, (_, i) => i);
    let walk = 0;
    const wandering = xs.map(() => (walk = 0.9 * walk + gauss(rng)));
    const white = xs.map(() => gauss(rng));
    const a = theilSen(xs, wandering);
    const b = theilSen(xs, white);
    expect(a && b).toBeTruthy();
    expect(a!.nEff).toBeLessThan(b!.nEff);
    expect(a!.slopeHigh - a!.slopeLow).toBeGreaterThan(b!.slopeHigh - b!.slopeLow);
  });

  it('needs three points', () => {
    expect(theilSen([1, 2], [1, 2])).toBeNull();
  });
});
