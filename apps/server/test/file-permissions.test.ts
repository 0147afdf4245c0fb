import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secureDataDir } from '../src/boot/data-dir';
import { openSqlite } from '../src/db/database';
import { StartupError } from '../src/lib/errors';
import { createLogger } from '../src/lib/logger';
import { writeKeyFile } from '../src/modules/keys/key-file';
import { createKeysService } from '../src/modules/keys/keys.service';
import { generateFernetKey } from '../src/crypto/fernet';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('permissions of the key file, DATA_DIR and the database files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-perm-'));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const openKeys = (keyFile: string, strictPermissions: boolean) => {
    const warnings: string[] = [];
    const logger = createLogger({ level: 'silent' });
    logger.warn = ((msg: string) => void warnings.push(String(msg))) as typeof logger.warn;
    const keys = createKeysService({
      keys: { getCheckValue: async () => undefined, setCheckValue: async () => {} } as never,
      keyFile,
      logger,
    });
    return { warnings, open: () => keys.open({ allowGenerate: false, strictPermissions }) };
  };

  it('refuses to start in production with a key file others can read, and warns in development', async () => {
    const keyFile = path.join(dir, 'encryption.key');
    writeKeyFile(keyFile, [generateFernetKey()], { overwrite: false });
    expect(modeOf(keyFile)).toBe(0o600);
    await expect(openKeys(keyFile, true).open()).resolves.toBeDefined();

    fs.chmodSync(keyFile, 0o644);
    await expect(openKeys(keyFile, true).open()).rejects.toThrow(StartupError);
    await expect(openKeys(keyFile, true).open()).rejects.toThrow(/mode 0644.*chmod 600/);
    const dev = openKeys(keyFile, false);
    await expect(dev.open()).resolves.toBeDefined();
    expect(dev.warnings.join()).toMatch(/mode 0644/);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a key file owned by another user in production', async () => {
    const keyFile = path.join(dir, 'encryption.key');
    writeKeyFile(keyFile, [generateFernetKey()], { overwrite: false });
    fs.chownSync(keyFile, 4321, 4321);
    await expect(openKeys(keyFile, true).open()).rejects.toThrow(/owned by uid 4321/);
  });

  it('creates DATA_DIR 0700 and the SQLite files 0600, and tightens an open DATA_DIR', async () => {
    const dataDir = path.join(dir, 'data');
    const database = openSqlite(path.join(dataDir, 'dtwin.sqlite'));
    await database.db.schema.createTable('t').addColumn('x', 'integer').execute();
    expect(modeOf(dataDir)).toBe(0o700);
    for (const f of fs.readdirSync(dataDir)) expect(modeOf(path.join(dataDir, f)), f).toBe(0o600);
    await database.close();

    fs.chmodSync(dataDir, 0o755);
    secureDataDir(dataDir, { warn: () => {} });
    expect(modeOf(dataDir)).toBe(0o700);
  });
});
