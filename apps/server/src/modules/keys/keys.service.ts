import { generateFernetKey, Keyring, parseFernetKey } from '../../crypto/fernet';
import { StartupError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { keyFileExists, keyFilePermissionProblem, readKeyFile, readKeyLines, writeKeyFile } from './key-file';
import type { KeysRepository } from './keys.repository';

/** A known plaintext stored encrypted at first start, so a wrong key is caught before any data is touched. */
const CHECK_PLAINTEXT = 'digital-twin encryption key check v1';

export function createKeysService({
  keys,
  keyFile,
  logger,
}: {
  keys: KeysRepository;
  keyFile: string;
  logger: Logger;
}) {
  function matches(keyring: Keyring, check: string): boolean {
    try {
      return keyring.decrypt(check) === CHECK_PLAINTEXT;
    } catch {
      return false;
    }
  }

  return {
    /**
     * Loads the key file and proves it decrypts what is stored. Never makes a new key for a
     * database that already holds encrypted data.
     */
    async open({
      allowGenerate,
      strictPermissions = false,
    }: {
      allowGenerate: boolean;
      /** Production: unsafe key file permissions stop the start; otherwise they are a warning. */
      strictPermissions?: boolean;
    }): Promise<Keyring> {
      const check = await keys.getCheckValue();
      if (!keyFileExists(keyFile)) {
        if (check !== undefined) {
          throw new StartupError(
            `the encryption key file ${keyFile} is missing, but the database holds data encrypted with a key; restore that key file`,
          );
        }
        if (!allowGenerate) {
          throw new StartupError(
            `the encryption key file ${keyFile} is missing; create it with \`dtwin keygen\` and keep it out of version control`,
          );
        }
        writeKeyFile(keyFile, [generateFernetKey()], { overwrite: false });
        logger.warn(
          { keyFile },
          'created a new encryption key file for this new database (development only); back it up',
        );
      }
      const unsafe = keyFilePermissionProblem(keyFile);
      if (unsafe && strictPermissions) throw new StartupError(`${unsafe}; refusing to start`);
      if (unsafe) logger.warn(unsafe);
      let keyring: Keyring;
      try {
        keyring = readKeyFile(keyFile);
      } catch (err) {
        throw new StartupError((err as Error).message);
      }
      if (check === undefined) {
        await keys.setCheckValue(keyring.encrypt(CHECK_PLAINTEXT));
      } else if (!matches(keyring, check)) {
        throw new StartupError(
          `the encryption key in ${keyFile} does not match the stored data (wrong key file?); refusing to start`,
        );
      }
      return keyring;
    },

    /**
     * Adds a new first key, re-encrypts every encrypted column with it, then drops the old keys.
     * The key file always holds a key that decrypts the database, even if this is interrupted.
     */
    async rotate(): Promise<{ reencrypted: number; droppedKeys: number }> {
      const old = readKeyFile(keyFile);
      const check = await keys.getCheckValue();
      if (check !== undefined && !matches(old, check)) {
        throw new StartupError(
          `the encryption key in ${keyFile} does not match the stored data; not rotating`,
        );
      }
      const fresh = generateFernetKey();
      const oldKeys = readKeyLines(keyFile);
      writeKeyFile(keyFile, [fresh, ...oldKeys], { overwrite: true });
      const both = new Keyring([parseFernetKey(fresh), ...oldKeys.map(parseFernetKey)]);
      const reencrypted = await keys.reencryptAll((token) => both.rotate(token));
      writeKeyFile(keyFile, [fresh], { overwrite: true });
      return { reencrypted, droppedKeys: oldKeys.length };
    },
  };
}

export type KeysService = ReturnType<typeof createKeysService>;
