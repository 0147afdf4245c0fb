import fs from 'node:fs';
import path from 'node:path';
import { Keyring } from '../../crypto/fernet';

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/**
 * Why the key file's permissions are unsafe, or null: it must be readable by its owner only
 * (0600 or stricter) and owned by the user the server runs as.
 */
export function keyFilePermissionProblem(file: string): string | null {
  const stat = fs.statSync(file);
  const mode = stat.mode & 0o777;
  if ((mode & 0o077) !== 0)
    return `the encryption key file ${file} has mode 0${mode.toString(8)}; other users may read it (run: chmod 600 ${file})`;
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid)
    return `the encryption key file ${file} is owned by uid ${stat.uid}, not by the server's user (uid ${uid}); chown it to that user`;
  return null;
}

export function keyFileExists(file: string): boolean {
  return fs.existsSync(file);
}

/** The keys as written, first one first; validated, so a malformed file fails here. */
export function readKeyLines(file: string): string[] {
  const text = readText(file);
  parse(file, text);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function readKeyFile(file: string): Keyring {
  return parse(file, readText(file));
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new KeyFileError(
      `cannot read the encryption key file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
}

function parse(file: string, text: string): Keyring {
  try {
    return Keyring.parse(text);
  } catch (err) {
    throw new KeyFileError(`the encryption key file ${file} is malformed: ${(err as Error).message}`);
  }
}

/** Writes keys (first encrypts) with mode 0600, atomically, so a crash never leaves half a file. */
export function writeKeyFile(file: string, keys: string[], options: { overwrite: boolean }): void {
  if (!options.overwrite && fs.existsSync(file)) {
    throw new KeyFileError(`${file} already exists; refusing to overwrite an encryption key`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${keys.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}
