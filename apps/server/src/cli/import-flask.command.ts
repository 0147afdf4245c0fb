import fs from 'node:fs';
import path from 'node:path';
import { roles, type Role } from '@dtwin/contracts/auth';
import { type Command, Option } from 'commander';
import { readConfig, type Config } from '../config';
import type { Keyring } from '../crypto/fernet';
import { openDatabase } from '../db/database';
import { migrationStatus } from '../db/migrate';
import { openFlaskSources, SourceError } from '../../tools/flask-import/flask-source.repository';
import {
  decryptAesGcmStored,
  decryptFernetStored,
  storedFormat,
} from '../../tools/flask-import/flask-storage';
import {
  emptyImportTarget,
  readImportTarget,
  type ImportTarget,
} from '../../tools/flask-import/import-target';
import {
  applyFlaskImport,
  countsText,
  describePlan,
  planFlaskImport,
  plural,
  type ImportPlan,
} from '../../tools/flask-import/import-flask.service';
import { readKeyFile } from '../modules/keys/key-file';
import { consoleActor, withContainer } from './context';
import { run } from './run';

interface Options {
  usersDb: string;
  dataDb?: string;
  key: string;
  aesKey?: string;
  defaultRole: Role;
  dryRun?: boolean;
}

function readAesKey(file: string): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SourceError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new SourceError(`${file} does not hold a base64 32-byte AES key`);
  return key;
}

/** The original's decrypt_data for either of its formats (Fernet, or the later AES-GCM with --aes-key). */
function decrypterFor(keyring: Keyring, aesKey: Buffer | undefined) {
  return (stored: string) =>
    aesKey && storedFormat(stored) === 'aes-gcm'
      ? decryptAesGcmStored(aesKey, stored)
      : decryptFernetStored(keyring, stored);
}

const out = (text: string) => process.stdout.write(`${text}\n`);

/**
 * Plans against the server's database without changing it: no migration, no key check value,
 * no key file, and a SQLite file that does not exist yet is not created.
 */
async function planReadOnly(config: Config, plan: (target: ImportTarget) => Promise<ImportPlan>) {
  if (!config.databaseUrl && !fs.existsSync(config.sqliteFile)) {
    return {
      plan: await plan(emptyImportTarget()),
      note: `There is no database at ${config.sqliteFile} yet; the import would create it.`,
    };
  }
  const database = openDatabase(config);
  try {
    const status = await migrationStatus(database);
    const target = status.applied.includes('002-twin')
      ? await readImportTarget(database)
      : emptyImportTarget();
    const note =
      status.pending.length > 0
        ? 'The server database would first be brought up to date (migrations).'
        : null;
    return { plan: await plan(target), note };
  } finally {
    await database.close();
  }
}

const wouldImport = (plan: ImportPlan) =>
  `Would import ${countsText({ users: plan.users.create.length, devices: plan.telemetry.devices.create.length, readings: plan.telemetry.readings.points.length })}.`;

export function registerImportFlaskCommand(program: Command) {
  program
    .command('import-flask')
    .description(
      "import the original Python system's users (they keep their passwords) and, with --data-db, its devices and encrypted health records",
    )
    .requiredOption('--users-db <path>', "the original system's users.db")
    .option('--data-db <path>', 'its data database (device_registry, health_data)')
    .requiredOption('--key <path>', 'its encryption.key (the Fernet key its values were encrypted with)')
    .option(
      '--aes-key <path>',
      'a file with the base64 ENCRYPTION_KEY, for values written by its later AES-GCM version',
    )
    .addOption(
      new Option('--default-role <role>', 'the role of users whose row names none')
        .choices(roles)
        .default('viewer'),
    )
    .option('--dry-run', 'show what would be imported and change nothing')
    .action((options: Options) =>
      run(async () => {
        const config = readConfig();
        const decrypt = decrypterFor(
          readKeyFile(path.resolve(options.key)),
          options.aesKey ? readAesKey(options.aesKey) : undefined,
        );
        const sources = openFlaskSources({
          usersDb: path.resolve(options.usersDb),
          dataDb: options.dataDb ? path.resolve(options.dataDb) : undefined,
        });
        try {
          const common = { sources, decrypt, defaultRole: options.defaultRole, now: Date.now() };
          // Planned first against the server's database read-only: a wrong key or a file that is
          // not the original's stops here, before anything (database, key file) is created.
          const preview = await planReadOnly(config, (target) => planFlaskImport({ ...common, target }));
          if (options.dryRun) {
            out(describePlan(preview.plan, { dryRun: true }));
            out(wouldImport(preview.plan));
            if (preview.note) out(preview.note);
            return;
          }
          await withContainer(async (c) => {
            const plan = await planFlaskImport({ ...common, target: await readImportTarget(c.database) });
            out(describePlan(plan, { dryRun: false }));
            const result = await applyFlaskImport(plan, {
              database: c.database,
              encrypt: (text) => c.keyring.encrypt(text),
              now: c.clock.now(),
            });
            const summary = countsText(result);
            await c.audit.record({
              actor: consoleActor.username,
              ip: null,
              action: 'import.flask',
              target: path.basename(options.usersDb),
              outcome: 'success',
              detail: `${summary}; ${plan.users.skipped.length} users and ${plan.telemetry.readings.skipped.length} records skipped`,
            });
            out(
              `Imported ${summary}${result.duplicates > 0 ? ` (${plural(result.duplicates, 'reading was', 'readings were')} already stored)` : ''}.`,
            );
            if (result.devices > 0) {
              out(
                'Imported devices have no credentials yet: rotate them (POST /api/devices/{id}/credentials) before they connect.',
              );
            }
          });
        } finally {
          sources.close();
        }
      }),
    );
}
