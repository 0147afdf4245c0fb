import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './private-postgres';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) =>
  fs.existsSync(p),
);

/** Why a private Mosquitto cannot be started here, or null when it can. */
export function privateMosquittoUnavailable(): string | null {
  return MOSQUITTO ? null : 'no mosquitto program on this machine';
}

function userIds(name: string): [number, number] | null {
  try {
    return [Number(execFileSync('id', ['-u', name])), Number(execFileSync('id', ['-g', name]))];
  } catch {
    return null;
  }
}

async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A Mosquitto of the test's own on a free port, saving its sessions to disk (persistence), that the
 * test may restart: the machine's shared broker must never be restarted, other suites use it.
 */
export async function startPrivateMosquitto() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-mqtt-'));
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'max_queued_messages 100000',
      'max_inflight_messages 1000',
      'log_dest none',
      '',
    ].join('\n'),
  );
  // Started as root, Mosquitto drops to its own user, which must be able to save its state here.
  if (process.getuid?.() === 0) {
    const ids = userIds('mosquitto');
    if (ids) fs.chownSync(dir, ids[0], ids[1]);
  }
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(MOSQUITTO!, ['-c', conf], { stdio: 'ignore' });
    await listening(port);
  };
  /** SIGTERM: Mosquitto saves its sessions and queued messages, then exits. */
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    start,
    stop,
    async destroy() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
