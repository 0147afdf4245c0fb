import type { Command } from 'commander';
import { readConfig } from '../config';
import { openDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { run } from './run';

export function registerMigrateCommand(program: Command) {
  program
    .command('migrate')
    .description('apply pending database migrations (the server also does this when it starts)')
    .action(() =>
      run(async () => {
        const database = openDatabase(readConfig());
        try {
          const applied = await migrateToLatest(database);
          process.stdout.write(
            applied.length ? `applied: ${applied.join(', ')}\n` : 'the database is up to date\n',
          );
        } finally {
          await database.close();
        }
      }),
    );
}
