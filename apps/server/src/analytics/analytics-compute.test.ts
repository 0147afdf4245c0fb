import { describe, expect, it } from 'vitest';
import { ComputationSkipped, createAnalyticsCompute } from './analytics-compute';
import type { RunTask, TaskInput } from './compute-tasks';

const input = (deviceId: string): TaskInput<'prediction'> => ({
  deviceId,
  metric: { name: 'temperature', unit: '°C' } as TaskInput<'prediction'>['metric'],
  now: 0,
  since: null,
});

describe('analytics computations', () => {
  it('holds at most maxQueued at once, refuses and counts the others, and takes more once they finish', async () => {
    const pending: Array<() => void> = [];
    const started: string[] = [];
    const run = ((_task, i) => {
      started.push((i as TaskInput<'prediction'>).deviceId);
      return new Promise((resolve) => pending.push(() => resolve(null)));
    }) as RunTask;
    const compute = createAnalyticsCompute({ run, maxQueued: 2 });

    const a = compute.run('prediction', input('A'));
    const b = compute.run('prediction', input('B'));
    await expect(compute.run('prediction', input('C'))).rejects.toBeInstanceOf(ComputationSkipped);
    await expect(compute.run('prediction', input('D'))).rejects.toBeInstanceOf(ComputationSkipped);
    expect(started).toEqual(['A', 'B']);
    expect(compute.queued()).toBe(2);
    expect(compute.skipped()).toBe(2);

    pending.shift()!();
    await expect(a).resolves.toBeNull();
    expect(compute.queued()).toBe(1);
    const e = compute.run('prediction', input('E'));
    expect(started).toEqual(['A', 'B', 'E']);
    pending.forEach((resolve) => resolve());
    await Promise.all([b, e]);
    expect(compute.queued()).toBe(0);
    expect(compute.skipped()).toBe(2);
  });

  it('frees its place when a computation fails', async () => {
    const compute = createAnalyticsCompute({
      run: (() => Promise.reject(new Error('thread gone'))) as RunTask,
      maxQueued: 1,
    });
    await expect(compute.run('prediction', input('A'))).rejects.toThrow('thread gone');
    await expect(compute.run('prediction', input('B'))).rejects.toThrow('thread gone');
    expect(compute.queued()).toBe(0);
    expect(compute.skipped()).toBe(0);
  });
});
