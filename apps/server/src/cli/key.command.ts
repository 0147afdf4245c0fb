import path from 'node:path';
import type { Command } from 'commander';
import { readConfig } from '../config';
import { generateFernetKey } from '../crypto/fernet';
import { StartupError } from '../lib/errors';
import { writeKeyFile } from '../modules/keys/key-file';
import { PRESENCE_STALE_MS } from '../modules/presence/server-presence';
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
    .option('--force', 'rotate even though a server seems to run on this database (it crashed just now)')
    .action((options: { force?: boolean }) =>
      run(() =>
        withContainer(async ({ keys, audit, config, presence }) => {
          const running = await presence.running();
          if (running.length > 0 && !options.force)
            throw new StartupError(
              `a server is running on this database (${running.map((s) => `pid ${s.pid} on ${s.host}`).join(', ')}); ` +
                'stop every server first: one still running keeps the old key and cannot read what is re-encrypted. ' +
                `If none runs (a crash in the last ${PRESENCE_STALE_MS / 1000} s), wait or pass --force`,
            );
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
