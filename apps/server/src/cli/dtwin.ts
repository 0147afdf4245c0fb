import { Command } from 'commander';
import { registerDetectCommand } from './detect.command';
import { registerKeyCommands } from './key.command';
import { registerStartCommand } from './start.command';
import { registerUserCommands } from './user.command';
import { registerMigrateCommand } from './migrate.command';
import { registerSimulateCommand } from './simulate.command';
import { registerImportFlaskCommand } from './import-flask.command';
import { registerBenchCommand } from './bench.command';
import { registerRulCommand } from './rul.command';

const program = new Command()
  .name('dtwin')
  .description('Digital Twin: a self-hosted digital twin platform for industrial equipment')
  .showHelpAfterError();

registerStartCommand(program);
registerKeyCommands(program);
registerUserCommands(program);
registerMigrateCommand(program);
registerSimulateCommand(program);
registerDetectCommand(program);
registerImportFlaskCommand(program);
registerBenchCommand(program);
registerRulCommand(program);

await program.parseAsync(process.argv);
