import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { createContainer } from '../src/container';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/lib/logger';
import { consoleActor } from '../src/cli/context';
import { createTelemetryRepository } from '../src/modules/telemetry/telemetry.repository';
import { spawnCli, waitForOutput } from './support/cli';
import { ADMIN } from './support/server';

const ROWS = 2_000_000;
const HEAP_MB = 64;

describe('a large export', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-export-'));
  const env = {
    NODE_ENV: 'test',
    DATA_DIR: dir,
    ENCRYPTION_KEY_FILE: path.join(dir, 'encryption.key'),
    JWT_SECRET_KEY: 'test-jwt-secret-0123456789abcdef0123456789',
    SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    SIMULATOR_DEVICES: '0',
    ROLES: 'api',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info', // the ready line is logged at info
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    `streams ${ROWS.toLocaleString('en')} rows from a server limited to a ${HEAP_MB} MB heap`,
    { timeout: 240_000 },
    async () => {
      // The database: one device, one series, ROWS readings a second apart (written directly, fast).
      const container = await createContainer({
        config: parseConfig(env),
        logger: createLogger({ level: 'silent' }),
        clock: systemClock,
      });
      await container.bootstrapAdmin();
      await container.devices.create({ id: 'BIG_1', name: 'Big', model: 'power_meter' }, consoleActor);
      const ids = await createTelemetryRepository(container.database).resolveSeries([
        { deviceId: 'BIG_1', metric: 'power' },
      ]);
      await container.close();
      const seriesId = [...ids.values()][0]!;
      const start = Date.UTC(2026, 0, 1);
      const sqlite = new SQLite(path.join(dir, 'dtwin.sqlite'));
      const insert = sqlite.prepare('insert into readings (series_id, ts, value) values (?, ?, ?)');
      sqlite.transaction(() => {
        for (let i = 0; i < ROWS; i += 1) insert.run(seriesId, start + i * 1000, 1000 + (i % 4000));
      })();
      sqlite.close();

      const child = spawnCli(['start'], { ...env, NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` });
      try {
        const ready = await waitForOutput(child, /Digital Twin is ready on http:\/\/localhost:(\d+)/, 60_000);
        const port = /Digital Twin is ready on http:\/\/localhost:(\d+)/.exec(ready)![1];
        const base = `http://127.0.0.1:${port}`;
        const login = await fetch(`${base}/api/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        });
        const { access_token } = (await login.json()) as { access_token: string };

        const query = new URLSearchParams({
          format: 'csv',
          from: new Date(start).toISOString(),
          to: new Date(start + ROWS * 1000).toISOString(),
        });
        const res = await fetch(`${base}/api/export?${query}`, {
          headers: { authorization: `Bearer ${access_token}` },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-total-count')).toBe(String(ROWS));
        let lines = 0;
        let bytes = 0;
        let last = '';
        const decoder = new TextDecoder();
        for await (const chunk of res.body!) {
          const text = decoder.decode(chunk as Uint8Array, { stream: true });
          bytes += (chunk as Uint8Array).length;
          for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
          last = (last + text).slice(-200);
        }
        expect(lines).toBe(ROWS + 1); // the header and every row
        expect(bytes).toBeGreaterThan(HEAP_MB * 1024 * 1024); // more than the whole heap could hold
        expect(last.trimEnd().split('\n').at(-1)).toBe(
          `BIG_1,power,${new Date(start + (ROWS - 1) * 1000).toISOString()},${1000 + ((ROWS - 1) % 4000)}`,
        );
        expect(child.exitCode).toBeNull(); // still running: it did not run out of memory
        const health = await fetch(`${base}/healthz`);
        expect(health.status).toBe(200);
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) =>
          child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
        );
      }
    },
  );
});
