import { describe, expect, it } from 'vitest';
import { deliveryLatencies } from './delivery-latency';

describe('end-to-end latency of a coalesced stream', () => {
  it('delivers a superseded reading with the first event that carries a newer one', () => {
    const publications = [
      { ts: 1000, sentAt: 1000.2 },
      { ts: 1100, sentAt: 1100.1 },
      { ts: 1200, sentAt: 1200.4 },
    ];
    // One event at 1250 carries the 1100 reading (the 1000 one was coalesced away), one at 1460 the 1200.
    const arrivals = [
      { at: 1250.2, newestTs: 1100 },
      { at: 1460.4, newestTs: 1200 },
    ];
    const { latencies, undelivered } = deliveryLatencies(publications, arrivals);
    expect(latencies.map((l) => Math.round(l * 10) / 10)).toEqual([250, 150.1, 260]);
    expect(undelivered).toBe(0);
  });

  it('does not count a late event with an older value as delivering anything new', () => {
    const publications = [
      { ts: 100, sentAt: 100 },
      { ts: 200, sentAt: 200 },
    ];
    const arrivals = [
      { at: 150, newestTs: 100 },
      { at: 260, newestTs: 90 },
      { at: 300, newestTs: 200 },
    ];
    expect(deliveryLatencies(publications, arrivals).latencies).toEqual([50, 100]);
  });

  it('counts publications no event covered before the recording stopped', () => {
    const publications = [
      { ts: 100, sentAt: 100 },
      { ts: 200, sentAt: 200 },
      { ts: 300, sentAt: 300 },
    ];
    const result = deliveryLatencies(publications, [{ at: 210, newestTs: 200 }]);
    expect(result.latencies).toEqual([110, 10]);
    expect(result.byPublication).toEqual([110, 10, null]);
    expect(result.undelivered).toBe(1);
  });

  it('matches regardless of the order the inputs come in', () => {
    const publications = [
      { ts: 200, sentAt: 200 },
      { ts: 100, sentAt: 100 },
    ];
    const arrivals = [
      { at: 240, newestTs: 200 },
      { at: 130, newestTs: 100 },
    ];
    expect(deliveryLatencies(publications, arrivals).latencies).toEqual([30, 40]);
  });
});
