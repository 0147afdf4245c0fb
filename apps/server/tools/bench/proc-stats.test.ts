import { describe, expect, it } from 'vitest';
import { cpuPercent, parseStatTicks, parseStatusMemory } from './proc-stats';

describe('reading another process from /proc', () => {
  it('finds utime and stime after a command name with spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[11] = '1500'; // utime (field 14)
    fields[12] = '250'; // stime (field 15)
    const stat = `4242 (node (dtwin) x) S ${fields.slice(1).join(' ')}`;
    expect(parseStatTicks(stat)).toBe(1750);
  });

  it('reads resident memory now and at its peak', () => {
    const status = 'Name:\tnode\nVmHWM:\t  512000 kB\nVmRSS:\t  204800 kB\nThreads:\t11\n';
    expect(parseStatusMemory(status)).toEqual({ rssKb: 204_800, peakKb: 512_000 });
  });

  it('turns clock ticks over wall time into percent of one core', () => {
    expect(cpuPercent({ ticks: 1000, at: 0 }, { ticks: 1150, at: 1000 }, 100)).toBeCloseTo(150);
    expect(cpuPercent({ ticks: 1000, at: 5 }, { ticks: 1000, at: 5 }, 100)).toBeNull();
  });
});
