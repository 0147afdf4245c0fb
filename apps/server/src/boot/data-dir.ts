import fs from 'node:fs';
import type { Logger } from '../lib/logger';

/**
 * DATA_DIR holds the database, generated secrets and reports: created with mode 0700, and an
 * existing one that others may enter is tightened to it (and said so).
 */
export function secureDataDir(dataDir: string, logger: Pick<Logger, 'warn'>): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  fs.chmodSync(dataDir, 0o700);
  logger.warn(
    { dataDir, was: `0${mode.toString(8)}` },
    'DATA_DIR was open to other users; set it to mode 0700',
  );
}
