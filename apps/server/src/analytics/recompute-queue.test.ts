import { describe, expect, it } from 'vitest';
import { fakeClock } from '../lib/clock';
import { AppError } from '../lib/errors';
import { ComputationSkipped } from './analytics-compute';
import { createRecomputeQueue } from './recompute-queue';

describe('recompute queue', () => {
  const setup = () => {
    const clock = fakeClock();
    const runs: string[] = [];
    const queue = createRecomputeQueue({
      clock,
      logger: { warn: () => {} },
      name: 'test',
      minIntervalMs: 5000,
      sweepIntervalMs: 60_000,
      maxPerRun: 10,
      listDevices: async () => ['A', 'B'],
      run: async (id) => {
        runs.push(id);
      },
    });
    return { clock, runs, queue };
  };

  it('debounces a device with new data to one run per interval', async () => {
    const { clock, runs, queue } = setup();
    await queue.runDue(); // first sweep: both
    expect(runs.sort()).toEqual(['A', 'B']);
    runs.length = 0;
    for (let i = 0; i < 10; i++) queue.markDirty('A');
    await queue.runDue();
    expect(runs).toEqual([]); // ran less than 5 s ago
    clock.advance(5000);
    await queue.runDue();
    await queue.runDue();
    expect(runs).toEqual(['A']);
  });

  it('sweeps silent devices on the longer period', async () => {
    const { clock, runs, queue } = setup();
    await queue.runDue();
    runs.length = 0;
    clock.advance(59_000);
    await queue.runDue();
    expect(runs).toEqual([]);
    clock.advance(1000);
    await queue.runDue();
    expect(runs.sort()).toEqual(['A', 'B']);
  });

  it('keeps a device whose computation was refused under overload, and runs it at the next call', async () => {
    const clock = fakeClock();
    const runs: string[] = [];
    const warnings: unknown[] = [];
    let refuse = true;
    const queue = createRecomputeQueue({
      clock,
      logger: { warn: (o: unknown) => void warnings.push(o) },
      name: 'test',
      minIntervalMs: 5000,
      sweepIntervalMs: 60_000,
      maxPerRun: 10,
      listDevices: async () => ['A'],
      run: async (id) => {
        if (refuse) throw new ComputationSkipped('health');
        runs.push(id);
      },
    });
    await queue.runDue();
    expect(queue.lastRunOf('A')).toBeUndefined();
    refuse = false;
    await queue.runDue(); // at once: neither the interval nor the sweep hold it back
    expect(runs).toEqual(['A']);
    expect(warnings).toEqual([]);
  });

  it("drops an id that is no device (an asset alert's subject) without a warning, and still warns of real failures", async () => {
    const warnings: unknown[] = [];
    const queue = createRecomputeQueue({
      clock: fakeClock(),
      logger: { warn: (o: unknown) => void warnings.push(o) },
      name: 'test',
      minIntervalMs: 5000,
      sweepIntervalMs: 60_000,
      maxPerRun: 10,
      listDevices: async () => [],
      run: async (id) => {
        if (id === 'LINE_A') throw new AppError('not_found', "no device 'LINE_A'");
        throw new Error('database is locked');
      },
    });
    queue.markDirty('LINE_A');
    await queue.runDue();
    expect(queue.lastRunOf('LINE_A')).toBeUndefined();
    expect(warnings).toEqual([]);
    queue.markDirty('PUMP_1');
    await queue.runDue();
    expect(warnings).toHaveLength(1);
  });
});
