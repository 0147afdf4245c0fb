import { describe, expect, it } from 'vitest';
import { createEnergyCache, energyByHour, kilowattsPer } from './energy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T = Date.UTC(2026, 0, 10);
const minutes = (from: number, count: number, mean: number) =>
  Array.from({ length: count }, (_, i) => ({ t: from + i * MINUTE, mean, min: mean, max: mean, count: 12 }));

describe('energy', () => {
  it('converts W, kW and MW and refuses to guess others', () => {
    expect([kilowattsPer('W'), kilowattsPer('kW'), kilowattsPer('MW'), kilowattsPer('hp')]).toEqual([
      0.001,
      1,
      1000,
      null,
    ]);
  });

  it('integrates minute means per hour, counting only minutes with readings', () => {
    // 2000 W for 90 minutes from 0:30, then nothing: 1 kWh in hour 0, 2 kWh in hour 1.
    const byHour = energyByHour(minutes(T + 30 * MINUTE, 90, 2000), 0.001);
    expect(byHour.get(T)).toBeCloseTo(1, 9);
    expect(byHour.get(T + HOUR)).toBeCloseTo(2, 9);
    expect(byHour.get(T + 2 * HOUR)).toBeUndefined();
  });

  it('reads complete hours once and the current hour every time', async () => {
    const reads: Array<[number, number]> = [];
    const cache = createEnergyCache(async (_id, from, to) => {
      reads.push([from, to]);
      return minutes(T, 3 * 60, 20).filter((b) => b.t >= from && b.t < to);
    });
    const now = T + 2 * HOUR + 30 * MINUTE - 1;
    const first = await cache.hours('PUMP', 1, T, now);
    expect(first.get(T)).toBeCloseTo(20, 9);
    expect(first.get(T + 2 * HOUR)).toBeCloseTo(10, 9); // half an hour so far
    expect([...first.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(50, 9);
    await cache.hours('PUMP', 1, T, now + MINUTE);
    expect(reads[1]).toEqual([T + 2 * HOUR, now + MINUTE + 1]);
    // A window starting mid-hour counts only its part of the first hour.
    const shifted = await cache.hours('PUMP', 1, T + 15 * MINUTE, now);
    expect(shifted.get(T)).toBeCloseTo(15, 9);
  });
});
