import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

export { freePort };

/**
 * The services of the scale-out scenario: a PostgreSQL database of the bench's own (a fresh
 * schema, dropped afterwards, so it never meets what tests or other runs keep there) and a
 * Mosquitto started by the bench on a free port.
 */

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) =>
  fs.existsSync(p),
);
/** The machine's PostgreSQL when DATABASE_URL is not set. */
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchPostgres {
  /** For the server: the database URL with the bench's schema as search path. */
  url: string;
  countReadings(deviceIds: string[], fromTs: number, toTs: number): Promise<number>;
  drop(): Promise<void>;
}

/** A fresh schema in DATABASE_URL's database (or the machine's), or why there is none. */
export async function openBenchPostgres(): Promise<BenchPostgres | string> {
  const base = process.env.DATABASE_URL || LOCAL_POSTGRES;
  const schema = `bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch (err) {
    await admin.end().catch(() => {});
    return `no PostgreSQL at ${new URL(base).host} (${err instanceof Error ? err.message : String(err)}); set DATABASE_URL`;
  }
  const options = encodeURIComponent(`-c search_path=${schema}`);
  return {
    url: `${base}${base.includes('?') ? '&' : '?'}options=${options}`,
    async countReadings(deviceIds, fromTs, toTs) {
      const { rows } = await admin.query<{ n: string }>(
        `select count(*) as n from ${schema}.readings r join ${schema}.series s on s.id = r.series_id
         where s.device_id = any($1) and r.ts >= $2 and r.ts <= $3`,
        [deviceIds, fromTs, toTs],
      );
      return Number(rows[0]!.n);
    },
    async drop() {
      try {
        await admin.query(`drop schema ${schema} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}

export interface BenchMosquitto {
  port: number;
  stop(): Promise<void>;
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
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Mosquitto on a free port, without persistence, with room for many QoS 1 messages in flight
 * towards the server (the default of 20 would cap the pipeline, not the server); or why not.
 */
export async function startBenchMosquitto(): Promise<BenchMosquitto | string> {
  if (!MOSQUITTO) return 'no mosquitto program on this machine';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-bench-mqtt-'));
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'max_inflight_messages 1000',
      'max_queued_messages 100000',
      'max_connections 5000',
      'log_dest none',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await listening(port);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stop };
}

/** Redis for the Socket.IO adapter: REDIS_URL, TEST_REDIS_URL or the machine's; or why there is none. */
export async function findBenchRedis(): Promise<{ url: string } | string> {
  const url = process.env.REDIS_URL || process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(url);
  const pong = await new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, 2000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  return pong ? { url } : `no Redis answering at ${hostname}:${port || 6379}; set REDIS_URL`;
}
