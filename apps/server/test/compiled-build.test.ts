import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentFingerprint, ensureBuilt } from '../bin/build.js';
import { sourceFingerprint } from '../../../scripts/source-fingerprint.mjs';
import { cliEnv, waitForOutput } from './support/cli';

const ADMIN_PASSWORD = 'a-long-admin-password-for-the-build-test';

describe('the production build', { timeout: 90_000 }, () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-build-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is plain JavaScript that starts without a TypeScript loader and answers /healthz', async () => {
    const entry = await ensureBuilt({ log: () => {} });
    expect(path.basename(path.dirname(entry))).toBe(currentFingerprint());
    // Started straight from dist/, with plain node: nothing registers tsx on this path.
    const child = spawn(process.execPath, [entry, 'start'], {
      env: cliEnv({
        DATA_DIR: dir,
        ENCRYPTION_KEY_FILE: path.join(dir, 'encryption.key'),
        PORT: '0',
        MQTT_PORT: '0',
        SIMULATOR_DEVICES: '0',
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await waitForOutput(child, /"ready_ms"/);
      const ready = output.split('\n').find((line) => line.includes('"ready_ms"'))!;
      const { port } = JSON.parse(ready) as { port: number };
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      // Files found relative to a module (here the server's package.json, for its version) are
      // found from the compiled files too.
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('dtwin_build_info{version="0.1.0"} 1');

      // The anomaly scoring thread runs the build's own compiled entry: a device's readings are
      // scored (the thread's time shows in the metrics) with nothing but plain node.
      const api = `http://127.0.0.1:${port}`;
      const json = { 'content-type': 'application/json' };
      const login = await fetch(`${api}/api/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      });
      const { access_token: admin } = (await login.json()) as { access_token: string };
      const registered = await fetch(`${api}/api/devices`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${admin}` },
        body: JSON.stringify({ id: 'PUMP_1', name: 'Pump 1', model: 'centrifugal_pump' }),
      });
      expect(registered.status).toBe(201);
      const { token } = (await registered.json()) as { token: string };
      const readings = Array.from({ length: 20 }, (_, i) => ({
        ts: Date.now() - 60_000 + i * 1000,
        metrics: { vibration: 2 + (i % 3) * 0.1 },
      }));
      const posted = await fetch(`${api}/ingest/devices/PUMP_1/telemetry`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${token}` },
        body: JSON.stringify(readings),
      });
      expect(posted.status).toBe(200);
      const scoringSeconds = async () => {
        const text = await (await fetch(`${api}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith('dtwin_anomaly_scoring_seconds_total '));
        return Number(line?.split(' ')[1] ?? 0);
      };
      await expect.poll(scoringSeconds, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);

      // The password policy's dictionaries load with the first password checked, from the build.
      const createUser = (password: string) =>
        fetch(`${api}/api/users`, {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${admin}` },
          body: JSON.stringify({ username: 'operator-1', password, role: 'operator' }),
        });
      const weak = await createUser('password123');
      expect(weak.status).toBe(400);
      expect(await weak.json()).toMatchObject({ error: { code: 'weak_password' } });
      expect((await createUser('violet-harbour-Lantern-42')).status).toBe(201);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  });

  it('is rebuilt only when a source it is made from changes', () => {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'package.json'), '{}\n');
    const digest = () => sourceFingerprint(dir, ['src', 'package.json']);
    const first = digest();

    // The same text written again (a checkout, a touch) and a test file: the same build.
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(dir, 'src/a.test.ts'), 'it("x", () => {});\n');
    expect(digest()).toBe(first);

    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 2;\n');
    expect(digest()).not.toBe(first);
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'export const a = 1;\n');
    expect(digest()).toBe(first);
    fs.writeFileSync(path.join(dir, 'src/b.ts'), '');
    expect(digest()).not.toBe(first);
  });
});
