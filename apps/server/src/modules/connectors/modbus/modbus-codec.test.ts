import type { ConnectorMapping } from '@dtwin/contracts/connectors';
import { describe, expect, it } from 'vitest';
import { decodeWords, encodeWords } from './modbus-codec';
import { planBlocks } from './modbus-plan';

describe('Modbus values', () => {
  it('decodes and encodes every type in both word orders', () => {
    const cases = [
      ['int16', -1234],
      ['uint16', 65_000],
      ['int32', -2_000_000_000],
      ['uint32', 4_000_000_000],
      ['float32', 12.5],
      ['float64', Math.PI],
    ] as const;
    for (const [type, value] of cases)
      for (const order of ['big', 'little'] as const)
        expect(decodeWords(encodeWords(value, type, order), type, order)).toBeCloseTo(value, 10);
  });

  it('lays 32-bit values out high word first (big) or low word first (little)', () => {
    expect(encodeWords(0x12345678, 'uint32', 'big')).toEqual([0x1234, 0x5678]);
    expect(encodeWords(0x12345678, 'uint32', 'little')).toEqual([0x5678, 0x1234]);
    expect(decodeWords([0x41c8, 0x0000], 'float32', 'big')).toBe(25);
  });

  it('refuses a value that does not fit its type', () => {
    expect(() => encodeWords(70_000, 'uint16', 'big')).toThrow(/does not fit in uint16/);
    expect(() => encodeWords(-1, 'uint32', 'big')).toThrow(/does not fit/);
    expect(() => encodeWords(Number.NaN, 'float32', 'big')).toThrow(/finite/);
  });
});

const m = (address: number, register = 'holding', type?: string): ConnectorMapping => ({
  device_id: 'D',
  metric: `m${address}`,
  source: { register, address, ...(type ? { type } : {}) },
});

describe('Modbus read plan', () => {
  it('reads contiguous points of one kind in one request, and no more than the protocol allows', () => {
    const blocks = planBlocks([m(3, 'holding', 'float32'), m(0), m(1), m(10), m(0, 'input'), m(2, 'coil')]);
    expect(blocks.map((b) => [b.register, b.start, b.length, b.items.length])).toEqual([
      ['coil', 2, 1, 1],
      ['holding', 0, 2, 2],
      ['holding', 3, 2, 1],
      ['holding', 10, 1, 1],
      ['input', 0, 1, 1],
    ]);
    expect(planBlocks([m(0), m(1), m(2, 'holding', 'float32')]).map((b) => b.length)).toEqual([4]);
    const wide = planBlocks(Array.from({ length: 200 }, (_, i) => m(i)));
    expect(wide.map((b) => b.length)).toEqual([125, 75]);
  });
});
