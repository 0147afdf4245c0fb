import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, spawnCli, waitForOutput } from './support/cli';

describe('the dtwin command', { timeout: 90_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-cli-'));
    env = {
      DATA_DIR: dir,
      ENCRYPTION_KEY_FILE: path.join(dir, 'encryption.key'),
      PORT: '0',
      MQTT_PORT: '0',
      SIMULATOR_DEVICES: '0',
    };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('explains itself with --help, for every command', async () => {
    const top = await runCli(['--help'], env);
    expect(top.code).toBe(0);
    for (const command of ['start', 'keygen', 'rotate-key', 'user', 'migrate'])
      expect(top.stdout).toContain(command);
    const user = await runCli(['user', '--help'], env);
    for (const command of ['create', 'list', 'disable']) expect(user.stdout).toContain(command);
  });

  it('keygen writes a 0600 key file and refuses to overwrite it', async () => {
    const first = await runCli(['keygen'], env);
    expect(first.code).toBe(0);
    const file = path.join(dir, 'encryption.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^[A-Za-z0-9_-]{43}=\n$/);
    const key = fs.readFileSync(file, 'utf8');

    const second = await runCli(['keygen'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already exists; refusing to overwrite/);
    expect(fs.readFileSync(file, 'utf8')).toBe(key);
  });

  it('creates, lists and disables users from the console', async () => {
    const created = await runCli(
      ['user', 'create', 'operator-7', '--role', 'operator', '--password-stdin'],
      env,
      'Violet-harbour-Lantern-7\n',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("created operator 'operator-7'");
    expect(created.stdout).not.toContain('Violet-harbour-Lantern-7');

    const bad = await runCli(['user', 'create', 'x', '--password-stdin'], env, 'short\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/username: .*at least 3/);

    await runCli(['user', 'disable', 'operator-7'], env);
    const list = await runCli(['user', 'list'], env);
    expect(list.stdout).toMatch(/operator-7\s+operator\s+disabled/);
  });

  it('refuses to start in production without secrets, naming them', async () => {
    const res = await runCli(['start'], { ...env, NODE_ENV: 'production' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('JWT_SECRET_KEY is required when NODE_ENV=production');
    expect(res.stderr).toContain('SECRET_KEY is required when NODE_ENV=production');
  });

  it('starts, prints a one-time admin password, serves /healthz, and stops cleanly on SIGTERM', async () => {
    const child = spawnCli(['start'], env);
    const output = await waitForOutput(child, /"ready_ms"/);
    const password = /with password: (\S+)/.exec(output)?.[1];
    expect(password).toBeDefined();
    expect(output).toMatch(/generated development secrets/);
    const ready = output.split('\n').find((line) => line.includes('"ready_ms"'))!;
    const { port } = JSON.parse(ready) as { port: number };

    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const login = await fetch(`http://127.0.0.1:${port}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const passwordFile = path.join(dir, 'initial-admin-password');
    expect(output).toContain(passwordFile);
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(passwordFile, 'utf8')).toContain(password);

    // Once the admin chooses a password, the file goes and the next start prints nothing.
    const { access_token } = (await login.json()) as { access_token: string };
    const me = (await (
      await fetch(`http://127.0.0.1:${port}/api/whoami`, {
        headers: { authorization: `Bearer ${access_token}` },
      })
    ).json()) as { id: number };
    const changed = await fetch(`http://127.0.0.1:${port}/api/users/${me.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ password: 'Quartz-lantern-river-58' }),
    });
    expect(changed.status).toBe(200);
    expect(fs.existsSync(passwordFile)).toBe(false);

    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);

    const again = spawnCli(['start'], env);
    const second = await waitForOutput(again, /"ready_ms"/);
    expect(second).not.toContain('with password');
    again.kill('SIGTERM');
    await new Promise((resolve) => again.on('exit', resolve));
  });

  it('rotate-key refuses to run beside a running server, unless forced', async () => {
    const key = () => fs.readFileSync(path.join(dir, 'encryption.key'), 'utf8');
    const exit = (child: ReturnType<typeof spawnCli>) => new Promise((resolve) => child.on('exit', resolve));
    const server = spawnCli(['start'], env);
    await waitForOutput(server, /"ready_ms"/);
    const before = key();
    const refused = await runCli(['rotate-key'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /a server is running on this database \(pid \d+ on .+\); stop every server first/,
    );
    expect(refused.stderr).toContain('--force');
    expect(key()).toBe(before);

    // A server stopped cleanly leaves no mark.
    server.kill('SIGTERM');
    expect(await exit(server)).toBe(0);
    const rotated = await runCli(['rotate-key'], env);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    expect(key()).not.toBe(before);

    // One killed outright still looks alive for a few seconds: --force overrides.
    const killed = spawnCli(['start'], env);
    await waitForOutput(killed, /"ready_ms"/);
    killed.kill('SIGKILL');
    await exit(killed);
    const after = key();
    expect((await runCli(['rotate-key'], env)).code).toBe(1);
    const forced = await runCli(['rotate-key', '--force'], env);
    expect(forced.code).toBe(0);
    expect(key()).not.toBe(after);
  });

  it('prints the admin password again when the first start failed after creating the admin', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const failed = await runCli(['start'], { ...env, MQTT_PORT: String(taken) });
      expect(failed.code).not.toBe(0);
      const password = /with password: (\S+)/.exec(failed.stdout)?.[1];
      expect(password).toBeDefined();
      expect(failed.stdout).toContain(path.join(dir, 'initial-admin-password'));

      const child = spawnCli(['start'], env);
      const output = await waitForOutput(child, /"ready_ms"/);
      expect(output).toContain(`with password: ${password}`);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    } finally {
      blocker.close();
    }
  });
});
