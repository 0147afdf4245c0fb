import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RulDataset } from '../src/analytics/rul/run-to-failure';
import { cutFleet, syntheticFleet } from '../src/analytics/rul/synthetic-degradation';
import { runCli } from './support/cli';

function toCsv(data: RulDataset, order: number[]): string {
  const lines = [`unit,time,${data.metrics.join(',')}`];
  for (const index of order) {
    const u = data.units[index]!;
    u.rows.forEach((r, i) => lines.push(`${u.unit},${u.times[i]},${r.map((v) => v.toFixed(3)).join(',')}`));
  }
  return lines.join('\n') + '\n';
}

describe('dtwin rul (the offline contract)', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-rul-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('learns from the training file and prints unit,rul per test unit in ascending unit order', async () => {
    const train = syntheticFleet('power_law', { units: 30, seed: 4 });
    const cut = cutFleet(syntheticFleet('power_law', { units: 12, seed: 5 }), 6, 100);
    const test: RulDataset = { ...train, units: cut.map((c) => ({ ...c.unit, unit: c.unit.unit * 10 })) };
    fs.writeFileSync(
      path.join(dir, 'train.csv'),
      toCsv(
        train,
        train.units.map((_, i) => i),
      ),
    );
    // Units written out of order: the answer is still ascending.
    fs.writeFileSync(
      path.join(dir, 'test.csv'),
      toCsv(
        test,
        test.units.map((_, i) => test.units.length - 1 - i),
      ),
    );

    const out = await runCli(
      ['rul', '--train', path.join(dir, 'train.csv'), '--test', path.join(dir, 'test.csv')],
      {},
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(12);
    const parsed = lines.map((l) => l.split(',').map(Number) as [number, number]);
    expect(parsed.map(([u]) => u)).toEqual(cut.map((c) => c.unit.unit * 10));
    const errors = parsed.map(([, rul], i) => rul - Math.min(125, cut[i]!.rul));
    expect(Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length)).toBeLessThan(25);
    for (const line of lines) expect(line).toMatch(/^\d+,\d+(\.\d+)?$/);
  });

  it('says what is wrong with a bad file and exits 1', async () => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'unit,time,a\n1,1,2,3\n');
    const out = await runCli(
      ['rul', '--train', path.join(dir, 'bad.csv'), '--test', path.join(dir, 'bad.csv')],
      {},
    );
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/dtwin rul: line 2: 4 fields, expected 3/);
    expect(out.stdout).toBe('');
  });
});
