// Starts the real server (`dtwin start`) as a child process on free ports, with a fresh data
// directory and key, and a simulated fleet that runs fast. Resolves once it logs "ready_ms".
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A Fernet key as the Python library writes it: URL-safe base64 of 32 bytes, padded. */
function fernetKey() {
  return randomBytes(32).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/**
 * @param {{ env?: Record<string, string>, readyTimeoutMs?: number }} [options]
 * @returns {Promise<{ baseUrl: string, port: number, admin: { username: string, password: string }, jwtSecret: string,
 *   logs: () => string, stop: () => Promise<void> }>}
 */
export async function startServer({ env = {}, readyTimeoutMs = 90_000 } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dtwin-e2e-'));
  const keyFile = path.join(dataDir, 'encryption.key');
  writeFileSync(keyFile, `${fernetKey()}\n`, { mode: 0o600 });
  const admin = { username: 'admin', password: `e2e-${randomBytes(9).toString('base64url')}` };
  // Known to the tests, so they can sign a token the server would accept but for its expiry.
  const jwtSecret = randomBytes(48).toString('base64url');

  const child = spawn(process.execPath, ['apps/server/bin/dtwin.js', 'start'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
      ENCRYPTION_KEY_FILE: keyFile,
      HOST: '127.0.0.1',
      PORT: '0',
      MQTT_PORT: '0',
      ADMIN_USERNAME: admin.username,
      ADMIN_PASSWORD: admin.password,
      JWT_SECRET_KEY: jwtSecret,
      SIMULATOR_DEVICES: '8',
      SIMULATOR_TIME_SCALE: '60',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      MQTT_URL: '',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  // The last lines of output, to explain a failure.
  const tail = [];
  const remember = (line) => {
    tail.push(line);
    if (tail.length > 200) tail.shift();
  };
  const logs = () => tail.join('\n');
  readline.createInterface({ input: child.stderr }).on('line', remember);

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server was not ready after ${readyTimeoutMs} ms:\n${logs()}`)),
      readyTimeoutMs,
    );
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      remember(line);
      if (!line.includes('"ready_ms"')) return;
      try {
        const entry = JSON.parse(line);
        clearTimeout(timer);
        resolve(entry.port);
      } catch {
        // Not the JSON ready line after all; keep reading.
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${logs()}`));
    });
  });

  let stopped;
  const stop = () =>
    (stopped ??= new Promise((resolve) => {
      const done = () => {
        rmSync(dataDir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        done();
      });
      child.kill('SIGTERM');
    }));

  return { baseUrl: `http://127.0.0.1:${port}`, port, admin, jwtSecret, logs, stop };
}
