import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The machine's PostgreSQL server programs (as `.ci/run` finds the installed version), or null. */
function findBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const asRoot = process.getuid?.() === 0;

/** Why a private cluster cannot be made here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (!findBinaries()) return 'no PostgreSQL server programs (initdb, pg_ctl) under /usr/lib/postgresql';
  if (asRoot && !fs.existsSync('/usr/sbin/runuser'))
    return 'running as root without runuser to start PostgreSQL as its own user';
  return null;
}

/**
 * A throwaway PostgreSQL cluster on a free port, which a test may stop and start at will
 * (the shared test database must never be stopped: other suites use it).
 */
export async function startPrivatePostgres() {
  const bin = findBinaries()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  // initdb refuses root: run the server programs as the postgres user, owner of the folder.
  const exec = (program: string, args: string[]) =>
    asRoot
      ? run('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args])
      : run(path.join(bin, program), args);
  if (asRoot) await run('chown', ['postgres', dir]);
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => exec('pg_ctl', ['-D', data, '-o', options, '-w', '-l', path.join(dir, 'log'), 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') =>
    exec('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      await stop('immediate').catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
