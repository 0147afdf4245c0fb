import { describe, expect, it } from 'vitest';
import { createAnomalyRate } from './anomaly-rate';

const T = Date.UTC(2026, 0, 10);

describe('anomaly rate', () => {
  it('is the share of scores at or above the threshold over the last hour', () => {
    const rate = createAnomalyRate({ threshold: 0.7 });
    for (let i = 0; i < 100; i++) rate.record('P', T + i * 1000, i < 10 ? 0.9 : 0.1);
    expect(rate.rate('P', T + 100_000)).toEqual({ rate: 0.1, scored: 100 });
  });
  it('forgets what is older than the window, with memory bounded by minutes', () => {
    const rate = createAnomalyRate({ windowMs: 10 * 60_000 });
    rate.record('P', T, 0.95);
    rate.record('P', T + 30 * 60_000, 0.1);
    expect(rate.rate('P', T + 30 * 60_000)).toEqual({ rate: 0, scored: 1 });
    expect(rate.rate('Q', T)).toBeUndefined();
  });
});
