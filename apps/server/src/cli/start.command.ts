import type { Command } from 'commander';
import { readConfig } from '../config';
import { run } from './run';

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description('run the server (REST API, web UI) with the configuration from the environment')
    .action(() =>
      run(async () => {
        // Loaded on demand: the other commands need not pay for the whole server at start.
        const { startServer } = await import('../main');
        await startServer(readConfig());
      }),
    );
}
