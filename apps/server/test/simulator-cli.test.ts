import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Aedes, type AuthenticateError } from 'aedes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const command = pathToFileURL(path.join(serverDir, 'src/cli/simulate.command.ts')).href;

/** Runs `dtwin simulate …` through the real command registration, in its own process. */
function simulate(args: string[]) {
  const script = `
    import { register } from 'tsx/esm/api';
    register();
    const { Command } = await import('commander');
    const { registerSimulateCommand } = await import(${JSON.stringify(command)});
    const program = new Command().name('dtwin');
    registerSimulateCommand(program);
    await program.parseAsync(process.argv.slice(1), { from: 'user' });
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, 'simulate', ...args], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => output };
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('dtwin simulate', () => {
  let dir: string;
  let close: () => Promise<void>;
  let port: number;
  const telemetry = new Map<string, number>();
  const tokens = new Map([
    ['DEVICE_001', 'token-one'],
    ['DEVICE_002', 'token-two'],
  ]);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-sim-'));
    telemetry.clear();
    const broker = await Aedes.createBroker();
    broker.authenticate = (_client, username, password, done) => {
      const ok = username !== undefined && tokens.get(username) === password?.toString();
      done(
        ok ? null : (Object.assign(new Error('bad credentials'), { returnCode: 4 }) as AuthenticateError),
        ok,
      );
    };
    broker.on('publish', (packet, client) => {
      if (client && packet.topic.endsWith('/telemetry')) {
        telemetry.set(packet.topic, (telemetry.get(packet.topic) ?? 0) + 1);
      }
    });
    const server = net.createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    close = async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
  });
  afterEach(async () => {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('plays the devices of a credentials file with their tokens and stops cleanly on SIGTERM', async () => {
    const file = path.join(dir, 'fleet.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        devices: [
          { id: 'DEVICE_001', model: 'centrifugal_pump', token: 'token-one' },
          { id: 'DEVICE_002', model: 'humidity_sensor', token: 'token-two' },
        ],
      }),
    );
    const run = simulate([
      '--broker',
      `mqtt://127.0.0.1:${port}`,
      '--credentials',
      file,
      '--seed',
      '3',
      '--no-outages',
      '--speedup',
      '20',
    ]);
    await until(
      () =>
        (telemetry.get('devices/DEVICE_001/telemetry') ?? 0) >= 2 &&
        (telemetry.get('devices/DEVICE_002/telemetry') ?? 0) >= 2,
      `telemetry from both devices; output: ${run.output()}`,
    );
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('simulated fleet stopped');
    expect(run.output()).not.toContain('token-one');
  });

  it('explains a malformed credentials file in one line and exits 1', async () => {
    const file = path.join(dir, 'fleet.json');
    fs.writeFileSync(file, JSON.stringify({ devices: [{ id: 'no spaces allowed', model: 'x' }] }));
    const run = simulate(['--broker', `mqtt://127.0.0.1:${port}`, '--credentials', file]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/dtwin: the credentials file .* is malformed \(devices\.0\.id: /);
  });

  it('prints the seeded fleet plan', async () => {
    const run = simulate(['--print-plan', '--devices', '8', '--seed', '5']);
    expect(await run.exited).toBe(0);
    const plan = JSON.parse(run.output()) as Array<{ id: string; model: string }>;
    expect(plan.map((d) => d.id)).toEqual(Array.from({ length: 8 }, (_, i) => `DEVICE_00${i + 1}`));
    expect(new Set(plan.map((d) => d.model)).size).toBe(8);
  });

  it('rejects a bad option with a usage message', async () => {
    const run = simulate(['--time-scale', '-3']);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/--time-scale.*must be a number above 0/);
  });
});
