import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { parseConfig } from '../../src/config';
import { createContainer, type Container } from '../../src/container';
import { openPostgres, openSqlite, type Database } from '../../src/db/database';
import { buildApp } from '../../src/http/app';
import type { App } from '../../src/route-kit/types';
import { fakeClock } from '../../src/lib/clock';
import { startRuntime, type Runtime } from '../../src/runtime';
import { createLogger } from '../../src/lib/logger';
import {
  startRealtimeServer,
  type RealtimeOptions,
  type RealtimeServer,
} from '../../src/realtime/socket-server';

export const postgresUrl = process.env.DATABASE_URL;

/** SQLite always; PostgreSQL too when DATABASE_URL is set (as .ci/run does). */
export const dialects = [
  { name: 'sqlite' as const, skip: false },
  { name: 'postgres' as const, skip: !postgresUrl },
];
if (!postgresUrl)
  console.warn('DATABASE_URL is not set: the PostgreSQL variants of the storage suites are skipped');

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

/** A password the policy accepts (long, random-looking, free of the user name), the same for the same seed. */
export const passwordFor = (seed: string) =>
  `Pw-${crypto.createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;

export async function openTestDatabase(
  dialect: 'sqlite' | 'postgres',
  dir: string,
): Promise<Database & { drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const database = openSqlite(path.join(dir, 'test.sqlite'));
    return { ...database, drop: async () => {} };
  }
  if (!postgresUrl) throw new Error('DATABASE_URL is not set');
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = openPostgres(postgresUrl, { max: 1 });
  await admin.db.schema.createSchema(schema).execute();
  await admin.close();
  const database = openPostgres(postgresUrl, { searchPath: schema, max: 4 });
  return {
    ...database,
    drop: async () => {
      const cleanup = openPostgres(postgresUrl, { max: 1 });
      await cleanup.db.schema.dropSchema(schema).cascade().execute();
      await cleanup.close();
    },
  };
}

export interface TestServer {
  app: App;
  container: Container;
  clock: ReturnType<typeof fakeClock>;
  dir: string;
  /** With `{ mqtt: true }`: the embedded broker on a free port, and the recurring tasks. */
  runtime?: Runtime;
  mqttUrl?: string;
  /** With `{ realtime: … }`: Socket.IO attached and the app listening on a free port of 127.0.0.1. */
  realtime?: RealtimeServer;
  url?: string;
  inject(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  login(username: string, password: string): Promise<string>;
  /** `keepData` leaves the database and data directory, for a server started again on `dir`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** The real app on a real database in a fresh folder; time is a fake clock that starts now. */
export async function startTestServer(
  dialect: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
  options: { mqtt?: boolean; realtime?: RealtimeOptions | boolean; dir?: string } = {},
): Promise<TestServer> {
  // With `dir` (SQLite only): the data of a server closed with `keepData`, as after a restart.
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-test-'));
  const config = parseConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    ENCRYPTION_KEY_FILE: path.join(dir, 'encryption.key'),
    JWT_SECRET_KEY: 'test-jwt-secret-0123456789abcdef0123456789',
    SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    ...env,
  });
  const database = await openTestDatabase(dialect, dir);
  const clock = fakeClock(Date.now());
  const logger = createLogger({ level: 'silent' });
  const container = await createContainer({ config, logger, clock, database });
  await container.bootstrapAdmin();
  // Anomaly scoring runs on a thread that loads for a while: tests score from the first reading.
  await container.anomalyScoring.ready();
  container.opcuaLoader.allow();
  const app = await buildApp(container, { webDir: path.join(dir, 'no-web') });
  const runtime = options.mqtt
    ? await startRuntime(container, { clientId: `dtwin-test-${path.basename(dir)}` })
    : undefined;
  let realtime: RealtimeServer | undefined;
  let url: string | undefined;
  if (options.realtime) {
    realtime = await startRealtimeServer(
      container,
      app.server,
      options.realtime === true ? {} : options.realtime,
    );
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  }

  const inject: TestServer['inject'] = ({ token, headers, ...options }) =>
    app.inject({
      ...options,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });

  return {
    app,
    container,
    clock,
    dir,
    inject,
    ...(runtime ? { runtime, mqttUrl: `mqtt://127.0.0.1:${runtime.mqttPort}` } : {}),
    ...(realtime && url ? { realtime, url } : {}),
    async login(username, password) {
      const res = await inject({ method: 'POST', url: '/api/login', payload: { username, password } });
      if (res.statusCode !== 200)
        throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { access_token: string }).access_token;
    },
    async close({ keepData = false } = {}) {
      await realtime?.close();
      await app.close();
      await runtime?.stop();
      await container.close();
      if (keepData) return;
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
