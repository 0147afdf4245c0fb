import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const fileSchema = z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(200) });

export interface InitialAdmin {
  username: string;
  password: string;
}

/**
 * The generated admin password, kept in DATA_DIR (mode 0600) until that admin first changes it,
 * so a first start that fails after creating the admin (port taken…) does not lose it.
 */
export function initialAdminPasswordFile(dataDir: string) {
  const file = path.join(dataDir, 'initial-admin-password');
  return {
    file,
    save(admin: InitialAdmin) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, `${JSON.stringify(admin)}\n`, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
    },
    read(): InitialAdmin | null {
      try {
        return fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      } catch {
        return null;
      }
    },
    /** Deletes the file once the admin it names has chosen a password. */
    forget(username: string) {
      if (this.read()?.username === username) fs.rmSync(file, { force: true });
    },
  };
}

export function initialAdminBanner(admin: InitialAdmin, file: string, again: boolean): string {
  return (
    `\n  ${again ? 'Not yet changed:' : 'First start: created'} the admin user '${admin.username}' with password: ${admin.password}\n` +
    `  It is also in ${file} (readable only by this user) until you change it.\n` +
    `  Sign in and change it (or set ADMIN_USERNAME / ADMIN_PASSWORD before the first start).\n\n`
  );
}
