import path from 'node:path';
import type { Command } from 'commander';
import { readConfig } from '../config';
import { generateFernetKey } from '../crypto/fernet';
import { writeKeyFile } from '../modules/keys/key-file';
import { consoleActor, withContainer } from './context';
import { run } from './run';

export function registerKeyCommands(program: Command) {
  program
    .command('keygen')
    .description('create the encryption key file (mode 0600); refuses to overwrite an existing one')
    .option('--file <path>', 'where to write it (default: ENCRYPTION_KEY_FILE or config/encryption.key)')
    .action((options: { file?: string }) =>
      run(async () => {
        const file = options.file ? path.resolve(options.file) : readConfig().encryptionKeyFile;
        writeKeyFile(file, [generateFernetKey()], { overwrite: false });
        process.stdout.write(
          `wrote a new encryption key to ${file} (mode 0600); back it up and never commit it\n`,
        );
      }),
    );

  program
    .command('rotate-key')
    .description(
      'make a new encryption key, re-encrypt every encrypted value with it, then drop the old key (stop the server first)',
    )
    .action(() =>
      run(() =>
        withContainer(async ({ keys, audit, config }) => {
          const result = await keys.rotate();
          await audit.record({
            actor: consoleActor.username,
            ip: null,
            action: 'key.rotate',
            target: config.encryptionKeyFile,
            outcome: 'success',
            detail: `${result.reencrypted} values re-encrypted`,
          });
          process.stdout.write(
            `rotated the key in ${config.encryptionKeyFile}: ${result.reencrypted} values re-encrypted, ${result.droppedKeys} old key(s) dropped\n`,
          );
        }),
      ),
    );
}
