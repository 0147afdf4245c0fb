import type { Role } from '@dtwin/contracts/auth';
import { hashPassword } from '../../src/crypto/password';
import type { Database } from '../../src/db/database';
import { importDevices } from '../../src/modules/devices/devices.service';
import { createTwinRow } from '../../src/modules/twin/twin.service';
import { importUsers, type ImportedUser } from '../../src/modules/users/users.service';
import { SourceError, type FlaskSources } from './flask-source.repository';
import { planTelemetry, type TelemetryPlan } from './flask-telemetry';
import { planUsers, type UsersPlan } from './flask-users';
import { writeImportedReadings } from '../../src/modules/telemetry/telemetry-import';
import type { ImportTarget } from './import-target';

export type ImportStep = 'users' | 'devices' | 'readings';

export interface ImportPlan {
  files: { users: string; data: string | null };
  users: UsersPlan;
  telemetry: TelemetryPlan;
}

export interface ImportResult {
  users: number;
  devices: number;
  readings: number;
  duplicates: number;
}

/**
 * Reads the original system and decides, record by record, what would be imported and what is
 * skipped and why. Reads only: this is the whole of a dry run, and the first half of an import.
 */
export async function planFlaskImport({
  sources,
  decrypt,
  target,
  defaultRole,
  now,
}: {
  sources: FlaskSources;
  decrypt: (stored: string) => string;
  target: ImportTarget;
  defaultRole: Role;
  now: number;
}): Promise<ImportPlan> {
  const usersTable = sources.read('users');
  if (!usersTable)
    throw new SourceError('the original database has no users table (is --users-db its users.db?)');
  const users = planUsers(usersTable, { defaultRole, now, decrypt });
  const fresh = [];
  for (const user of users.create) {
    if (await target.userExists(user.username)) {
      users.skipped.push({
        username: user.username,
        reason: 'a user of that name exists on this server; it is left as it is',
      });
    } else fresh.push(user);
  }
  users.create = fresh;

  const devices = sources.read('device_registry');
  const health = sources.read('health_data');
  const telemetry = await planTelemetry({ devices, health, target, decrypt, now });

  // Every encrypted value failing means the key is wrong, not that the data is damaged.
  const encrypted =
    (health?.rows.length ?? 0) + telemetry.devices.configs.readable + telemetry.devices.configs.unreadable;
  const undecryptable =
    telemetry.readings.skipped.filter((s) => s.reason === 'undecryptable').length +
    telemetry.devices.configs.unreadable;
  if (encrypted > 0 && undecryptable === encrypted) {
    throw new SourceError(
      `the key decrypts none of the ${encrypted} encrypted values; pass the original system's encryption.key with --key`,
    );
  }
  return { files: { users: usersTable.file, data: (health ?? devices)?.file ?? null }, users, telemetry };
}

/**
 * Writes a plan in one transaction, all or nothing: users, then devices with their twins, then the
 * readings with their rollups, each through the module that owns them. `encrypt` is this server's
 * key for e-mail addresses; `afterStep` runs inside the transaction after each part (progress, and
 * tests that make a later part fail).
 */
export async function applyFlaskImport(
  plan: ImportPlan,
  {
    database,
    encrypt,
    now,
    afterStep,
  }: {
    database: Pick<Database, 'db' | 'dialect'>;
    encrypt: (plaintext: string) => string;
    now: number;
    afterStep?: (step: ImportStep) => void | Promise<void>;
  },
): Promise<ImportResult> {
  // Hashing is slow: done before the transaction, which then holds the database only briefly.
  const users: ImportedUser[] = [];
  for (const { plainPassword, passwordHash, ...user } of plan.users.create)
    users.push({ ...user, passwordHash: passwordHash ?? (await hashPassword(plainPassword ?? '')) });
  const { devices } = plan.telemetry;
  const { points } = plan.telemetry.readings;

  return database.db.transaction().execute(async (trx) => {
    await importUsers(trx, users, { encrypt });
    await afterStep?.('users');
    await importDevices(trx, devices.create, { createTwin: createTwinRow, now });
    await afterStep?.('devices');
    const stored = await writeImportedReadings({ db: trx, dialect: database.dialect }, points);
    await afterStep?.('readings');
    return {
      users: users.length,
      devices: devices.create.length,
      readings: stored,
      duplicates: points.length - stored,
    };
  });
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const MAX_LISTED = 50;

/** "4 users, 1 device and 30 readings". */
export const countsText = (c: { users: number; devices: number; readings: number }) =>
  `${plural(c.users, 'user')}, ${plural(c.devices, 'device')} and ${plural(c.readings, 'reading')}`;

/** The plan in words, for the console: what is imported, what is skipped and why. */
export function describePlan(plan: ImportPlan, { dryRun }: { dryRun: boolean }): string {
  const lines: string[] = [];
  const add = (line: string) => lines.push(line);
  add(
    `Original system: ${plan.files.users}${plan.files.data && plan.files.data !== plan.files.users ? ` and ${plan.files.data}` : ''}`,
  );
  add(dryRun ? 'Dry run: nothing is changed.' : '');

  const { users, telemetry } = plan;
  add(`Users: ${plural(users.create.length, 'user')} to import, ${users.skipped.length} skipped`);
  for (const u of users.create.slice(0, MAX_LISTED)) {
    add(
      `  + ${u.username} (${u.role}${u.email ? ', with e-mail' : ''}${u.disabled ? ', disabled' : ''}${u.plainPassword !== null ? ', plain-text password hashed now' : ''})`,
    );
  }
  if (users.create.length > MAX_LISTED) add(`  … and ${users.create.length - MAX_LISTED} more`);
  for (const s of users.skipped) add(`  - ${s.username}: ${s.reason}`);
  if (users.ignoredColumns.length > 0) add(`  columns not imported: ${users.ignoredColumns.join(', ')}`);

  const d = telemetry.devices;
  if (d.create.length + d.existing.length + d.skipped.length > 0) {
    add(
      `Devices: ${plural(d.create.length, 'device')} to import, ${d.existing.length} already here, ${d.skipped.length} skipped`,
    );
    for (const dev of d.create.slice(0, MAX_LISTED)) add(`  + ${dev.id} (${dev.model}) ${dev.name}`);
    for (const s of d.skipped) add(`  - ${s.id}: ${s.reason}`);
    if (d.configs.readable + d.configs.unreadable > 0) {
      add(
        `  encrypted configurations: ${d.configs.readable} readable, ${d.configs.unreadable} not; they are not imported (no counterpart here)`,
      );
    }
  }
  if (d.ignoredColumns.length > 0) add(`  columns not imported: ${d.ignoredColumns.join(', ')}`);

  const r = telemetry.readings;
  if (r.records > 0) {
    add(
      `Health records: ${r.records}, of which ${r.imported} hold readings of known devices (${plural(r.points.length, 'reading')}); ${r.skipped.length} skipped`,
    );
    for (const s of r.skipped.slice(0, MAX_LISTED))
      add(`  - record ${s.id}: ${s.reason.replace('_', ' ')} (${s.detail})`);
    if (r.skipped.length > MAX_LISTED) add(`  … and ${r.skipped.length - MAX_LISTED} more skipped records`);
    const unknown = Object.entries(r.unknownFields);
    if (unknown.length > 0)
      add(
        `  fields that are not metrics of the device's model, not imported: ${unknown.map(([f, n]) => `${f} (${n})`).join(', ')}`,
      );
  }
  return lines.filter((l) => l !== '').join('\n');
}
