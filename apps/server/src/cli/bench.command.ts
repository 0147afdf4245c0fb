import { type Command, InvalidArgumentError } from 'commander';
import { scenarioNames, type ScenarioName } from '../../tools/bench/bench-params';
import { run } from './run';

const scenarioList = (value: string): ScenarioName[] =>
  value.split(',').map((name) => {
    const known = scenarioNames.find((s) => s === name.trim());
    if (!known) throw new InvalidArgumentError(`unknown scenario '${name}' (${scenarioNames.join(', ')})`);
    return known;
  });

export function registerBenchCommand(program: Command) {
  program
    .command('bench')
    .description(
      'start the real server on a fresh data directory, drive it from other processes over MQTT, Socket.IO and HTTP, print a table and write bench-results/<date>.json',
    )
    .option('--quick', 'a reduced run (under two minutes), for CI and a first look')
    .option(
      '--only <scenarios>',
      `a comma list of ${scenarioNames.join(', ')} (overload brings ingest)`,
      scenarioList,
    )
    .option('--out <file>', 'write the JSON here instead of bench-results/<date>[.quick].json')
    .option(
      '--cpu-prof <dir>',
      'run each server under node --cpu-prof and write the profiles there (figures will be lower)',
    )
    .action((options: { quick?: boolean; only?: ScenarioName[]; out?: string; cpuProf?: string }) =>
      run(async () => {
        // Loaded on demand, like the server: other commands need not load the bench.
        const { runBench } = await import('../../tools/bench/run-bench');
        const { formatTable } = await import('../../tools/bench/bench-table');
        const { results, file } = await runBench({
          quick: options.quick ?? false,
          ...(options.only ? { only: options.only } : {}),
          ...(options.out ? { out: options.out } : {}),
          ...(options.cpuProf ? { cpuProfDir: options.cpuProf } : {}),
        });
        process.stdout.write(`\n${formatTable(results)}\n\n`);
        for (const note of results.notes) process.stdout.write(`note: ${note}\n`);
        for (const failure of results.failures) process.stdout.write(`FAILED ${failure}\n`);
        process.stdout.write(`results written to ${file}\n`);
        if (results.failures.length > 0) process.exitCode = 1;
      }),
    );
}
