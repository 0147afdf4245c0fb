import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';
import { monitorProcess, type ProcessMonitor } from './proc-stats';

/** The real server, started the way an operator starts it (`dtwin start`), in a process of its own. */

const serverBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/dtwin.js');

export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  /** The embedded broker's port; null when the server uses an external broker (MQTT_URL). */
  readonly mqttPort: number | null;
  readonly baseUrl: string;
  /** What the server logged as its own start-up time (from inside the process, after loading its code). */
  readonly readyMs: number;
  /** From spawning the process to the first `/healthz` answering 200 (what an operator waits for). */
  readonly healthzMs: number;
  /** From spawning the process to reading the ready line. */
  readonly wallReadyMs: number;
  readonly dataDir: string;
  /** Where the readings are when no DATABASE_URL was given. */
  readonly sqliteFile: string;
  readonly admin: { username: string; password: string };
  readonly monitor: ProcessMonitor;
  /** Warnings and errors the server logged (the last 20), and how many. */
  problems(): { count: number; last: string[] };
  alive(): boolean;
  stop(): Promise<number | null>;
  /** Deletes the data directory (after `stop`). */
  removeData(): void;
}

export interface StartOptions {
  /** A data directory to reuse (the server was stopped and restarted); a fresh one otherwise. */
  dataDir?: string;
  env?: Record<string, string>;
  /** Extra Node options for the server process, e.g. --cpu-prof. */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

export const newDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-bench-'));

const admin = { username: 'bench-admin', password: crypto.randomBytes(18).toString('base64url') };

export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? newDataDir();
  // A port chosen up front, so /healthz can be asked from the moment the process is spawned.
  const httpPort = options.env?.PORT ?? String(await freePort());
  const env: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: httpPort,
    MQTT_PORT: '0',
    DATA_DIR: dataDir,
    ENCRYPTION_KEY_FILE: path.join(dataDir, 'encryption.key'),
    SIMULATOR_DEVICES: '0',
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), serverBin, 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const healthy = pollHealthz(
    `http://127.0.0.1:${httpPort}/healthz`,
    spawnedAt,
    () => exitCode !== undefined,
  );
  // Warnings and errors once the server is up (start-up ones, such as development secrets being
  // generated, are expected here), with this run's temporary paths taken out.
  const problems: string[] = [];
  let problemCount = 0;
  let up = false;
  const startupErrors: string[] = [];
  const problem = (line: string) => {
    if (!up) return;
    problemCount += 1;
    problems.push(line.split(dataDir).join('<data dir>').split(os.tmpdir()).join('<tmp>').slice(0, 500));
    if (problems.length > 20) problems.shift();
  };
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );

  const ready = new Promise<{ port: number; mqttPort: number | null; readyMs: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not log ready within ${options.readyTimeoutMs ?? 60_000} ms`)),
      options.readyTimeoutMs ?? 60_000,
    );
    // The output is read to the end, always: a full pipe would stall the server.
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: { level?: number; port?: number; mqtt_port?: number; ready_ms?: number; msg?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      // The ready line names the embedded broker's port, unless an external broker is used.
      if (entry.ready_ms !== undefined && entry.port !== undefined) {
        up = true;
        clearTimeout(timer);
        resolve({ port: entry.port, mqttPort: entry.mqtt_port ?? null, readyMs: entry.ready_ms });
      }
      if ((entry.level ?? 0) >= 50 && !up) startupErrors.push(line);
      if ((entry.level ?? 0) >= 40) problem(line);
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      if (!up) startupErrors.push(line);
      problem(line);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before it was ready:\n${startupErrors.join('\n')}`));
    });
  });

  const { port, mqttPort, readyMs } = await ready;
  const wallReadyMs = performance.now() - spawnedAt;
  const healthzMs = await healthy;
  const monitor = monitorProcess(child.pid!);
  return {
    pid: child.pid!,
    port,
    mqttPort,
    baseUrl: `http://127.0.0.1:${port}`,
    readyMs,
    healthzMs,
    wallReadyMs,
    dataDir,
    sqliteFile: path.join(dataDir, 'dtwin.sqlite'),
    admin,
    monitor,
    problems: () => ({ count: problemCount, last: [...problems] }),
    alive: () => exitCode === undefined,
    async stop() {
      monitor.stop();
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    removeData() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Milliseconds from `since` to the first 200 from `url`, asked every 5 ms (each answer awaited). */
async function pollHealthz(url: string, since: number, gaveUp: () => boolean): Promise<number> {
  for (;;) {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    if (res?.status === 200) return performance.now() - since;
    await res?.body?.cancel();
    if (gaveUp() || performance.now() - since > 120_000) return Number.NaN;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The embedded broker's port, for scenarios that connect devices to the server itself. */
export function embeddedBrokerPort(server: ServerProcess): number {
  if (server.mqttPort === null) throw new Error('the server runs no embedded broker (MQTT_URL is set)');
  return server.mqttPort;
}

/** Waits until /readyz answers 200 (with an external broker: the shared subscription is in place). */
export async function waitUntilReady(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${server.baseUrl}/readyz`).catch(() => null);
    if (res?.status === 200) return;
    const body = res ? await res.text() : 'no answer';
    if (Date.now() > deadline) throw new Error(`the server was not ready within ${timeoutMs} ms: ${body}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
