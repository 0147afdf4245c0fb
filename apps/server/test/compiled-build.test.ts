import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentFingerprint, ensureBuilt } from '../bin/build.js';
import { sourceFingerprint } from '../../../scripts/source-fingerprint.mjs';
import { cliEnv, waitForOutput } from './support/cli';

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
