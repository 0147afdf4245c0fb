import type { DeviceModel } from '@dtwin/contracts/models';
import type { Database } from '../../src/db/database';
import { deviceModelIn } from '../../src/modules/devices/devices.service';
import { builtinModels } from '../../src/modules/models/builtin-models';
import { modelsIn } from '../../src/modules/models/models.service';
import { usernameTaken } from '../../src/modules/users/users.service';

/** What is in this server's database already, for planning (read-only). */
export interface ImportTarget {
  userExists(username: string): Promise<boolean>;
  modelOf(deviceId: string): Promise<string | undefined>;
  models: DeviceModel[];
}

/** Asks the modules that own users, devices and models, reading only (a dry run changes nothing). */
export async function readImportTarget({ db }: Pick<Database, 'db'>): Promise<ImportTarget> {
  return {
    userExists: (username) => usernameTaken(db, username),
    modelOf: (deviceId) => deviceModelIn(db, deviceId),
    models: await modelsIn(db),
  };
}

/** A database that has no schema yet (a dry run before the first start): nothing exists. */
export const emptyImportTarget = (): ImportTarget => ({
  userExists: async () => false,
  modelOf: async () => undefined,
  models: builtinModels,
});
