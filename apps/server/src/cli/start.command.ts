import type { Command } from 'commander';
import { readConfig } from '../config';
import { startServer } from '../main';
import { run } from './run';

export function registerStartCommand(program: Command) {
  program
    .command('start')
    .description('run the server (REST API, web UI) with the configuration from the environment')
    .action(() => run(async () => void (await startServer(readConfig()))));
}
