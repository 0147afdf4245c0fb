import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TelemetryEvent } from '@dtwin/contracts/realtime';
import type { Twin } from '@dtwin/contracts/twin';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/database';
import { spawnCli, waitForOutput } from './support/cli';
import {
  connected,
  disconnection,
  openSocket,
  record,
  subscribe,
  type ClientSocket,
} from './support/realtime';
import { postgresUrl } from './support/server';

/** .ci/run sets all three: the machine's PostgreSQL, Mosquitto and Redis. */
const brokerUrl = process.env.TEST_MQTT_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const missing = [
  ...(postgresUrl ? [] : ['DATABASE_URL']),
  ...(brokerUrl ? [] : ['TEST_MQTT_URL']),
  ...(redisUrl ? [] : ['TEST_REDIS_URL']),
];
if (missing.length > 0)
  console.warn(`${missing.join(', ')} not set: the two-process realtime (Redis adapter) suite is skipped`);

const admin = { username: 'admin', password: 'cluster-admin-password' };

interface Node {
  child: ChildProcess;
  http: string;
  clientId: string;
}

async function startNode(env: Record<string, string>): Promise<Node> {
  const child = spawnCli(['start'], env);
  const output = await waitForOutput(child, /"ready_ms"/);
  const ready = JSON.parse(output.split('\n').find((line) => line.includes('"ready_ms"'))!) as {
    port: number;
    mqtt_client_id: string;
  };
  return { child, http: `http://127.0.0.1:${ready.port}`, clientId: ready.mqtt_client_id };
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

describe.skipIf(missing.length > 0)('two server processes sharing live events through Redis', () => {
  const run = crypto.randomBytes(4).toString('hex');
  const deviceId = `RT_${run}`;
  const schema = `t_rt_${run}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-rt-cluster-'));
  const nodes: Node[] = [];
  const sockets: ClientSocket[] = [];
  let token: string;
  let deviceToken: string;
  let env: Record<string, string>;

  const login = async () =>
    (await api<{ access_token: string }>(nodes[0]!.http, 'POST', '/api/login', admin)).access_token;
  const socketOn = async (node: Node, t: string) => {
    const socket = await connected(openSocket(node.http, { token: t }));
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    const pg = openPostgres(postgresUrl!, { max: 1 });
    await pg.db.schema.createSchema(schema).execute();
    await pg.close();
    env = {
      DATA_DIR: dir,
      ENCRYPTION_KEY_FILE: path.join(dir, 'encryption.key'),
      JWT_SECRET_KEY: 'cluster-jwt-secret-0123456789abcdef0123',
      SECRET_KEY: 'cluster-secret-key-0123456789abcdef0123',
      DATABASE_URL: `${postgresUrl}${postgresUrl!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      MQTT_URL: brokerUrl!,
      // Its own group: other suites' servers on the same broker must not take its messages.
      MQTT_SHARED_GROUP: `test-${crypto.randomBytes(4).toString('hex')}`,
      REDIS_URL: redisUrl!,
      PORT: '0',
      HOST: '127.0.0.1',
      SIMULATOR_DEVICES: '0',
      ADMIN_USERNAME: admin.username,
      ADMIN_PASSWORD: admin.password,
    };
    // One after the other: the first migrates the schema, creates the admin and the key file.
    nodes.push(await startNode(env));
    nodes.push(await startNode(env));
    token = await login();
    deviceToken = (
      await api<{ token: string }>(
        nodes[0]!.http,
        'POST',
        '/api/devices',
        { id: deviceId, name: 'Cluster pump', model: 'centrifugal_pump' },
        token,
      )
    ).token;
  }, 60_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    for (const node of nodes) {
      const exited = new Promise((resolve) => node.child.on('exit', resolve));
      node.child.kill('SIGTERM');
      await exited;
      // Drop the persistent session the node kept on the broker, so that it cannot swallow
      // messages of the shared subscription in later runs.
      const cleaner = await mqtt.connectAsync(brokerUrl!, {
        clientId: node.clientId,
        clean: true,
        reconnectPeriod: 0,
      });
      await cleaner.endAsync();
    }
    const pg = openPostgres(postgresUrl!, { max: 1 });
    await pg.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await pg.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('stores a reading published once, once, and pushes it to sockets on either server', async () => {
    expect(nodes[0]!.clientId).not.toBe(nodes[1]!.clientId);
    const watchers = await Promise.all(nodes.map((node) => socketOn(node, token)));
    const seen = watchers.map((w) => record(w));
    for (const w of watchers)
      expect(await subscribe(w, { room: `device:${deviceId}` })).toEqual({ ok: true });

    const ts = Date.now() - 1000;
    const device = await mqtt.connectAsync(brokerUrl!, { clientId: `device-${run}`, reconnectPeriod: 0 });
    await device.publishAsync(
      `devices/${deviceId}/telemetry`,
      JSON.stringify({ ts, metrics: { flow: 42.5 } }),
      { qos: 1 },
    );
    await device.endAsync();

    for (const s of seen) {
      await expect.poll(() => s.of<TelemetryEvent>('telemetry').length, { timeout: 10_000 }).toBe(1);
      expect(s.of<TelemetryEvent>('telemetry')[0]).toEqual({
        device_id: deviceId,
        metrics: { flow: { value: 42.5, ts: new Date(ts).toISOString() } },
      });
    }

    const query = new URLSearchParams({
      metric: 'flow',
      from: new Date(ts - 1).toISOString(),
      to: new Date(ts + 1).toISOString(),
      step: 'raw',
    });
    const series = await api<{ points: Array<{ value: number }> }>(
      nodes[1]!.http,
      'GET',
      `/api/devices/${deviceId}/telemetry?${query}`,
      undefined,
      token,
    );
    expect(series.points.map((p) => p.value)).toEqual([42.5]);
    const accepted = await Promise.all(
      nodes.map(
        async (n) =>
          (
            await api<{ accepted: number }>(
              n.http,
              'GET',
              `/api/devices/${deviceId}/ingest`,
              undefined,
              token,
            )
          ).accepted,
      ),
    );
    expect(accepted.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('carries twin changes and revocations from one server to the sockets of the other', async () => {
    const [onFirst, onSecond] = [await socketOn(nodes[0]!, token), await socketOn(nodes[1]!, token)];
    const twins = record(onFirst);
    await subscribe(onFirst, { room: `device:${deviceId}` });

    await api(
      nodes[1]!.http,
      'PATCH',
      `/api/devices/${deviceId}/twin`,
      { desired: { sample_interval_s: 9 } },
      token,
    );
    await expect
      .poll(() => twins.of<Twin>('twin').at(-1)?.desired, { timeout: 10_000 })
      .toEqual({ sample_interval_s: 9 });

    const leaving = await login();
    const doomed = await socketOn(nodes[1]!, leaving);
    const gone = disconnection(doomed, 10_000);
    await api(nodes[0]!.http, 'POST', '/api/logout', undefined, leaving);
    expect(await gone).toBe('io server disconnect');
    expect(onSecond.connected).toBe(true);
  });

  it('pushes a reading taken by an ingest-only process to the sockets of the API processes', async () => {
    const ingestOnly = await startNode({ ...env, ROLES: 'ingest' });
    nodes.push(ingestOnly);
    const watchers = await Promise.all(nodes.slice(0, 2).map((node) => socketOn(node, token)));
    const seen = watchers.map((w) => record(w));
    for (const w of watchers) await subscribe(w, { room: `device:${deviceId}` });

    const ts = Date.now() - 500;
    const res = await fetch(`${ingestOnly.http}/ingest/devices/${deviceId}/telemetry`, {
      method: 'POST',
      headers: { authorization: `Bearer ${deviceToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ts: new Date(ts).toISOString(), metrics: { flow: 7.25 } }),
    });
    expect(res.status).toBe(200);
    for (const s of seen) {
      await expect
        .poll(() => s.of<TelemetryEvent>('telemetry').some((e) => e.metrics.flow?.value === 7.25), {
          timeout: 10_000,
        })
        .toBe(true);
    }
  }, 60_000);
});
