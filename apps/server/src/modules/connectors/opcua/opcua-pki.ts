import fs from 'node:fs';
import path from 'node:path';
import type { OpcuaLibrary } from './opcua-library';

type CertificateManager = InstanceType<OpcuaLibrary['OPCUACertificateManager']>;

/**
 * A certificate store (own certificate and key, trusted and rejected peers) under the data
 * directory, never in the repository: folders 0700, files 0600. node-opcua creates the own
 * certificate on first use; the modes are tightened after it has written its files.
 */
export async function openCertificateStore(
  lib: OpcuaLibrary,
  folder: string,
  options: { acceptUnknown: boolean },
): Promise<CertificateManager> {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const manager = new lib.OPCUACertificateManager({
    rootFolder: folder,
    automaticallyAcceptUnknownCertificate: options.acceptUnknown,
  });
  await manager.initialize();
  restrictModes(folder);
  return manager;
}

/** Makes every folder under `root` 0700 and every file 0600. */
export function restrictModes(root: string): void {
  const walk = (dir: string) => {
    fs.chmodSync(dir, 0o700);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) fs.chmodSync(full, 0o600);
    }
  };
  if (fs.existsSync(root)) walk(root);
}
