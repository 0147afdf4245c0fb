import fs from 'node:fs';
import type { Command } from 'commander';
import { rulOffline } from '../analytics/rul/rul-offline';

/** Larger files than this are refused before reading (C-MAPSS's largest is about 15 MB). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

function readBounded(file: string): string {
  const size = fs.statSync(file).size;
  if (size > MAX_FILE_BYTES) throw new Error(`${file}: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  return fs.readFileSync(file, 'utf8');
}

const formatRul = (v: number) => String(Math.round(v * 100) / 100);

export function registerRulCommand(program: Command) {
  program
    .command('rul')
    .description(
      'learn remaining useful life from run-to-failure histories and print "unit,rul" for each test unit (ascending unit order, no header): the RUL after its last row',
    )
    .requiredOption('--train <file>', 'run-to-failure histories: the last row of each unit is its failure')
    .requiredOption('--test <file>', 'histories cut before failure')
    .addHelpText(
      'after',
      `
Both files are C-MAPSS text (space-separated: unit, cycle, 3 settings, 21 sensors, no header) or
CSV with a header "unit,time,<metric>…"; the first line tells which. CSV columns named
setting*/op_setting* are operating settings. Nothing but the two files is read.

Example: dtwin rul --train train_FD001.txt --test test_FD001.txt > rul.csv`,
    )
    .action((options: { train: string; test: string }) => {
      try {
        const out = rulOffline(readBounded(options.train), readBounded(options.test));
        process.stdout.write(out.map((r) => `${r.unit},${formatRul(r.rul)}\n`).join(''));
      } catch (err) {
        process.stderr.write(`dtwin rul: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
