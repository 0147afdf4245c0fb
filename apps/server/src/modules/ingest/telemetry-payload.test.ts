import { describe, expect, it } from 'vitest';
import { builtinModels } from '../models/builtin-models';
import { decodeJson, parseTelemetry } from './telemetry-payload';

const pump = builtinModels.find((m) => m.id === 'centrifugal_pump')!;
const now = Date.UTC(2026, 5, 1, 12);
const limits = { now, maxFutureMs: 300_000, maxAgeMs: 7 * 86_400_000 };
const parse = (payload: unknown) => parseTelemetry(payload, 'P1', pump, limits);

describe('telemetry payloads', () => {
  it('reads the three forms alike', () => {
    const expected = [{ deviceId: 'P1', metric: 'flow', ts: now - 1000, value: 50 }];
    expect(parse({ ts: now - 1000, metrics: { flow: 50 } }).readings).toEqual(expected);
    expect(parse([{ ts: new Date(now - 1000).toISOString(), metrics: { flow: 50 } }]).readings).toEqual(
      expected,
    );
    expect(parse({ flow: 50, ts: now - 1000 }).readings).toEqual(expected);
  });

  it('stamps a reading without a time with the time it arrived', () => {
    expect(parse({ flow: 50 }).readings[0]?.ts).toBe(now);
  });

  it('accepts ISO times with offsets and refuses unreadable ones', () => {
    expect(parse({ ts: '2026-06-01T13:59:59+02:00', metrics: { flow: 1 } }).readings[0]?.ts).toBe(now - 1000);
    for (const ts of ['June 1st', '2026-06-01', -5, 1.5, '']) {
      expect(parse({ ts, metrics: { flow: 1 } }).rejected, String(ts)).toEqual([
        { metric: 'flow', reason: 'bad_timestamp' },
      ]);
    }
  });

  it('refuses timestamps that pass the format but name no real instant', () => {
    for (const ts of [
      '2026-13-45T99:99Z',
      '2026-02-30T10:00:00Z',
      '2025-02-29T10:00:00Z',
      '2026-06-01T24:00:00Z',
      '2026-06-01T12:00:60Z',
      '2026-06-01T12:00:00+25:00',
      1e300,
    ]) {
      expect(parse({ ts, metrics: { flow: 1 } }).rejected, String(ts)).toEqual([
        { metric: 'flow', reason: 'bad_timestamp' },
      ]);
    }
    const leapDay = parseTelemetry({ ts: '2028-02-29T00:00:00Z', metrics: { flow: 1 } }, 'P1', pump, {
      ...limits,
      now: Date.UTC(2028, 1, 29, 0, 1),
    });
    expect(leapDay.readings).toHaveLength(1);
  });

  it('refuses values so large that their rollups would overflow, and keeps the rest', () => {
    const { readings, rejected } = parse({ metrics: { flow: 1e308, vibration: -1e16, power: 1e15 } });
    expect(rejected).toEqual([
      { metric: 'flow', reason: 'out_of_range' },
      { metric: 'vibration', reason: 'out_of_range' },
    ]);
    expect(readings.map((r) => r.value)).toEqual([1e15]);
  });

  it('judges each value on its own', () => {
    const { readings, rejected } = parse({ metrics: { flow: 50, vibration: null, warp: 1, power: true } });
    expect(readings.map((r) => r.metric)).toEqual(['flow']);
    expect(rejected).toEqual([
      { metric: 'vibration', reason: 'invalid_payload' },
      { metric: 'warp', reason: 'unknown_metric' },
      { metric: 'power', reason: 'invalid_payload' },
    ]);
  });

  it('refuses readings from too far ahead or too long ago', () => {
    expect(parse({ ts: now + 301_000, metrics: { flow: 1 } }).rejected[0]?.reason).toBe('future_timestamp');
    expect(parse({ ts: now + 299_000, metrics: { flow: 1 } }).readings).toHaveLength(1);
    expect(parse({ ts: now - 8 * 86_400_000, metrics: { flow: 1 } }).rejected[0]?.reason).toBe('too_old');
  });

  it('refuses shapes that are not telemetry', () => {
    for (const payload of [42, 'flow=1', null, [], [1], { metrics: [1, 2] }]) {
      expect(parse(payload).rejected, JSON.stringify(payload)).toEqual([
        { metric: null, reason: 'invalid_payload' },
      ]);
    }
    expect(decodeJson(Buffer.from('{"flow": 1'))).toEqual({ ok: false });
    expect(parse(JSON.parse('{"flow": 1e999}') as unknown).rejected).toEqual([
      { metric: 'flow', reason: 'non_finite' },
    ]);
  });

  it('refuses a message with too many metrics or readings whole, as too_large', () => {
    const many = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, 1]));
    expect(parse(many)).toEqual({ readings: [], rejected: [{ metric: null, reason: 'too_large' }] });
    expect(parse({ metrics: many }).rejected).toEqual([{ metric: null, reason: 'too_large' }]);
    const batch = Array.from({ length: 2000 }, () => ({
      metrics: { flow: 1, vibration: 2, a: 1, b: 2, c: 3, d: 4 },
    }));
    expect(parse(batch).rejected).toEqual([{ metric: null, reason: 'too_large' }]);
    // Within the limits, the same shapes are read as usual.
    expect(parse(batch.slice(0, 10)).readings).toHaveLength(20);
  });
});
