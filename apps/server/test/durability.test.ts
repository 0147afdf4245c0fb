import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/database';
import { spawnCli, waitForOutput } from './support/cli';
import { dialects, postgresUrl } from './support/server';

const admin = { username: 'admin', password: 'durability-admin-password' };

async function start(env: Record<string, string>) {
  const child = spawnCli(['start'], env);
  const output = await waitForOutput(child, /"ready_ms"/);
  const ready = JSON.parse(output.split('\n').find((line) => line.includes('"ready_ms"'))!) as {
    port: number;
    mqtt_port: number;
  };
  return { child, http: `http://127.0.0.1:${ready.port}`, mqttUrl: `mqtt://127.0.0.1:${ready.mqtt_port}` };
}

async function api<T>(base: string, method: string, url: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe.each(dialects)('durability on $name', ({ name, skip }) => {
  let dir: string;
  let env: Record<string, string>;
  let schema: string | undefined;

  beforeEach(async () => {
    if (skip) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-kill-'));
    env = {
      DATA_DIR: dir,
      ENCRYPTION_KEY_FILE: path.join(dir, 'encryption.key'),
      PORT: '0',
      MQTT_PORT: '0',
      HOST: '127.0.0.1',
      SIMULATOR_DEVICES: '0',
      ADMIN_USERNAME: admin.username,
      ADMIN_PASSWORD: admin.password,
    };
    if (name === 'postgres') {
      schema = `t_${crypto.randomBytes(6).toString('hex')}`;
      const pg = openPostgres(postgresUrl!, { max: 1 });
      await pg.db.schema.createSchema(schema).execute();
      await pg.close();
      env.DATABASE_URL = `${postgresUrl}${postgresUrl!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    }
  });
  afterEach(async () => {
    if (skip) return;
    fs.rmSync(dir, { recursive: true, force: true });
    if (schema) {
      const pg = openPostgres(postgresUrl!, { max: 1 });
      await pg.db.schema.dropSchema(schema).cascade().execute();
      await pg.close();
    }
  });

  it.skipIf(skip)('loses no acknowledged QoS 1 reading when the server is killed with SIGKILL', async () => {
    const first = await start(env);
    const { access_token } = await api<{ access_token: string }>(first.http, 'POST', '/api/login', admin);
    const { token } = await api<{ token: string }>(
      first.http,
      'POST',
      '/api/devices',
      { id: 'PUMP_K', name: 'Pump K', model: 'centrifugal_pump' },
      access_token,
    );

    const device = await mqtt.connectAsync(first.mqttUrl, {
      clientId: 'PUMP_K',
      username: 'PUMP_K',
      password: token,
      reconnectPeriod: 0,
    });
    device.on('error', () => {});
    const base = Date.now() - 60_000;
    const acked: number[] = [];
    const exited = new Promise((resolve) => first.child.on('exit', resolve));
    await new Promise<void>((resolve) => {
      for (let i = 0; i < 500; i++) {
        device.publish(
          'devices/PUMP_K/telemetry',
          JSON.stringify({ ts: base + i, metrics: { flow: i } }),
          { qos: 1 },
          (err) => {
            if (err) return;
            acked.push(i);
            if (acked.length === 50) {
              first.child.kill('SIGKILL'); // right after an acknowledgement, with more in flight
              resolve();
            }
          },
        );
      }
    });
    await exited;
    device.end(true);
    const ackedAtKill = [...acked];

    const second = await start(env);
    try {
      const { access_token: again } = await api<{ access_token: string }>(
        second.http,
        'POST',
        '/api/login',
        admin,
      );
      const query = new URLSearchParams({
        metric: 'flow',
        from: new Date(base - 1).toISOString(),
        to: new Date(base + 1000).toISOString(),
        step: 'raw',
      });
      const series = await api<{ points: Array<{ value: number }> }>(
        second.http,
        'GET',
        `/api/devices/PUMP_K/telemetry?${query}`,
        undefined,
        again,
      );
      const stored = new Set(series.points.map((p) => p.value));
      expect(ackedAtKill.length).toBeGreaterThanOrEqual(50);
      expect(ackedAtKill.filter((i) => !stored.has(i))).toEqual([]);

      // The rollups count every stored reading, although the killed server held the newest in memory.
      query.set('step', '1m');
      const minutes = await api<{ points: Array<{ count: number; max: number }> }>(
        second.http,
        'GET',
        `/api/devices/PUMP_K/telemetry?${query}`,
        undefined,
        again,
      );
      expect(minutes.points.reduce((n, p) => n + p.count, 0)).toBe(stored.size);
      expect(Math.max(...minutes.points.map((p) => p.max))).toBe(Math.max(...stored));
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.on('exit', resolve));
    }
  });
});
