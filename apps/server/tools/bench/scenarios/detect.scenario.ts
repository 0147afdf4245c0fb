import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DetectFigures } from '../bench-results';
import { round } from '../histogram';
import { clockTicksPerSecond, readChildrenTicks } from '../proc-stats';
import { rate, type BenchContext } from './context';

const cliBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/dtwin.js');

/** `timestamp,value` rows five minutes apart: a noisy wave with a spike every 5,000 rows (fixed seed). */
export function detectCsv(rows: number): string {
  let seed = 42;
  const uniform = () => {
    seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
    return (seed + 0.5) / 2 ** 32;
  };
  const lines = ['timestamp,value'];
  for (let i = 0; i < rows; i++) {
    const noise = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const value = 50 + 5 * Math.sin(i / 40) + noise + (i % 5000 === 4999 ? 30 : 0);
    lines.push(`${1_700_000_000 + i * 300},${value.toFixed(4)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Where to pin the CLI: `taskset` on Linux (the last core), nothing elsewhere. */
function pinning(): { command: string; prefix: string[]; core: number | null } {
  const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((p) => fs.existsSync(p));
  if (process.platform !== 'linux' || !taskset) return { command: process.execPath, prefix: [], core: null };
  const core = os.cpus().length - 1;
  return { command: taskset, prefix: ['-c', String(core), process.execPath], core };
}

/**
 * Runs `dtwin detect < file`, counting the scores it prints: wall time from spawn to exit, and its
 * CPU time (what this process's reaped children gained: nothing else of ours exits meanwhile).
 */
async function runCli(file: string): Promise<{
  wallS: number;
  cpuS: number | null;
  lines: number;
  code: number | null;
  stderr: string;
}> {
  const pin = pinning();
  const input = fs.openSync(file, 'r');
  try {
    const childrenBefore = readChildrenTicks();
    const started = performance.now();
    const child = spawn(pin.command, [...pin.prefix, cliBin, 'detect'], {
      stdio: [input, 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const wallS = (performance.now() - started) / 1000;
    const childrenAfter = readChildrenTicks();
    const cpuS =
      childrenBefore === null || childrenAfter === null
        ? null
        : (childrenAfter - childrenBefore) / clockTicksPerSecond();
    return { wallS, cpuS, lines, code, stderr };
  } finally {
    fs.closeSync(input);
  }
}

/**
 * `dtwin detect` end to end, as the NAB harness calls it: the real CLI spawned on a generated CSV
 * on a file, pinned to one core (`taskset`), timed from spawn to exit (Node's start-up and the
 * TypeScript loader included), and its CPU time (which a busy machine does not inflate). A run on
 * a one-row file gives that start-up on its own, so the rate after start-up is reported beside it.
 */
export async function runDetectThroughput({ params, log, note }: BenchContext): Promise<DetectFigures> {
  const { rows } = params.detect;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-bench-detect-'));
  try {
    const big = path.join(dir, 'series.csv');
    const one = path.join(dir, 'one-row.csv');
    fs.writeFileSync(big, detectCsv(rows));
    fs.writeFileSync(one, detectCsv(1));
    const startup = await runCli(one);
    const full = await runCli(big);
    for (const [run, expected] of [
      [startup, 1],
      [full, rows],
    ] as const) {
      if (run.code !== 0 || run.lines !== expected)
        throw new Error(
          `dtwin detect exited with ${run.code} after ${run.lines} of ${expected} scores: ${run.stderr.trim()}`,
        );
    }
    const core = pinning().core;
    if (core === null) note('detect: taskset is not available, so dtwin detect was not pinned to one core');
    const afterStartupS = full.wallS - startup.wallS;
    const figures: DetectFigures = {
      rows_per_s: Math.round(rate(rows, full.wallS)),
      rows,
      wall_s: round(full.wallS, 2),
      startup_s: round(startup.wallS, 2),
      rows_per_s_after_startup: afterStartupS > 0 ? Math.round(rate(rows - 1, afterStartupS)) : null,
      pinned_core: core,
      cpu_s: full.cpuS === null ? null : round(full.cpuS, 2),
      startup_cpu_s: startup.cpuS === null ? null : round(startup.cpuS, 2),
      rows_per_cpu_s: full.cpuS ? Math.round(rows / full.cpuS) : null,
      rows_per_cpu_s_after_startup:
        full.cpuS !== null && startup.cpuS !== null && full.cpuS > startup.cpuS
          ? Math.round((rows - 1) / (full.cpuS - startup.cpuS))
          : null,
    };
    if (full.cpuS !== null && full.wallS > 1.5 * full.cpuS)
      note(
        `detect: dtwin detect waited for its core (${figures.wall_s} s from spawn to exit for ${figures.cpu_s} s of CPU): the machine was busy, rows/s from spawn to exit is low`,
      );
    log(
      `detect: ${rows} rows in ${figures.wall_s} s from spawn to exit on one core, ${figures.rows_per_s} rows/s (${figures.rows_per_s_after_startup} rows/s after the ${figures.startup_s} s start-up); CPU ${figures.cpu_s} s, ${figures.rows_per_cpu_s} rows per CPU second (${figures.rows_per_cpu_s_after_startup} after start-up)`,
    );
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
