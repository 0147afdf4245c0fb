import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { history, registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const run = promisify(execFile);

describe.each(dialects)('MQTT ingestion through the embedded broker on $name', ({ name, skip }) => {
  let server: TestServer;
  let admin: string;
  let token: string;
  const clients: MqttClient[] = [];
  const connect = async (username: string, password: string) => {
    const client = mqtt.connect(server.mqttUrl!, {
      clientId: `${username}:test-${clients.length}`,
      username,
      password,
      reconnectPeriod: 0,
      connectTimeout: 5000,
    });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    return client;
  };
  const closed = (client: MqttClient) =>
    new Promise<void>((resolve) => (client.connected ? client.once('close', () => resolve()) : resolve()));

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name, {}, { mqtt: true });
    admin = await server.login(ADMIN.username, ADMIN.password);
    token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  });
  afterEach(async () => {
    if (skip) return;
    for (const c of clients.splice(0)) c.end(true);
    await server.close();
  });

  it.skipIf(skip)('stores a QoS 1 reading before the PUBACK', async () => {
    const device = await connect('PUMP_1', token);
    const ts = server.clock.now() - 1000;
    await device.publishAsync(
      'devices/PUMP_1/telemetry',
      JSON.stringify({ ts, metrics: { vibration: 2.2, flow: 61 } }),
      { qos: 1 },
    );
    // No waiting: the PUBACK promises the reading is committed.
    const series = await history(server, admin, 'PUMP_1', 'vibration', {
      from: new Date(ts - 1000).toISOString(),
      to: new Date(ts + 1000).toISOString(),
    });
    expect(series.points).toEqual([{ ts: new Date(ts).toISOString(), value: 2.2 }]);
  });

  it.skipIf(skip)('works with a stock MQTT client (mosquitto_pub)', async () => {
    const port = new URL(server.mqttUrl!).port;
    await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      port,
      '-i',
      'PUMP_1',
      '-u',
      'PUMP_1',
      '-P',
      token,
      '-q',
      '1',
      '-t',
      'devices/PUMP_1/telemetry',
      '-m',
      '{"bearing_temperature": 48.5}',
    ]);
    // The twin follows committed readings just after the acknowledgement.
    const reported = async () => {
      const res = await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/twin', token: admin });
      return (res.json() as { reported: { metrics: Record<string, { value: number }> } }).reported.metrics
        .bearing_temperature?.value;
    };
    await expect.poll(reported).toBe(48.5);

    const refused = await run('mosquitto_pub', [
      '-h',
      '127.0.0.1',
      '-p',
      port,
      '-i',
      'PUMP_1',
      '-u',
      'PUMP_1',
      '-P',
      'wrong',
      '-q',
      '1',
      '-t',
      'devices/PUMP_1/telemetry',
      '-m',
      '{"flow": 1}',
    ]).catch((err: { code: number; stderr: string }) => err);
    expect((refused as { code: number }).code).not.toBe(0);
  });

  it.skipIf(skip)('refuses wrong credentials and unknown devices at connect', async () => {
    await expect(connect('PUMP_1', 'wrong-token')).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    await expect(connect('GHOST', token)).rejects.toThrow(/Bad username or password|Not authorized/i);
  });

  it.skipIf(skip)(
    "refuses another device's topics: nothing is stored and the connection is dropped",
    async () => {
      const otherToken = await registerDevice(server, admin, { id: 'PUMP_2', model: 'centrifugal_pump' });
      const intruder = await connect('PUMP_2', otherToken);
      await expect(intruder.subscribeAsync('devices/PUMP_1/desired', { qos: 1 })).rejects.toThrow(
        /Subscribe error/,
      );
      expect(intruder.connected).toBe(true);

      const gone = closed(intruder);
      intruder.publish('devices/PUMP_1/telemetry', JSON.stringify({ vibration: 6.9 }), { qos: 1 });
      await gone;
      const twin = (
        await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/twin', token: admin })
      ).json() as { reported: { metrics: object } };
      expect(twin.reported.metrics).toEqual({});
      const stats = (
        await server.inject({ method: 'GET', url: '/api/devices/PUMP_2/ingest', token: admin })
      ).json() as { rejected: Record<string, number> };
      expect(stats.rejected.forbidden_topic).toBe(2);
    },
  );

  it.skipIf(skip)('keeps the stream going after bad messages', async () => {
    const device = await connect('PUMP_1', token);
    await device.publishAsync('devices/PUMP_1/telemetry', 'not json at all', { qos: 1 });
    await device.publishAsync('devices/PUMP_1/telemetry', JSON.stringify({ warp: 1 }), { qos: 1 });
    await device.publishAsync('devices/PUMP_1/telemetry', JSON.stringify({ flow: 42 }), { qos: 1 });
    expect(device.connected).toBe(true);
    const stats = (
      await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/ingest', token: admin })
    ).json() as { accepted: number; rejected: Record<string, number> };
    expect(stats).toMatchObject({ accepted: 1, rejected: { malformed_json: 1, unknown_metric: 1 } });
  });

  it.skipIf(skip)(
    'acknowledges a message whose every reading is rejected, so it is not re-sent forever',
    async () => {
      const device = await connect('PUMP_1', token);
      let disconnects = 0;
      device.on('close', () => (disconnects += 1));
      for (const poison of [
        { ts: '2026-13-45T99:99Z', metrics: { flow: 1 } },
        { ts: '2026-02-30T12:00:00Z', metrics: { flow: 1 } },
        { metrics: { flow: 1e308 } },
      ])
        await device.publishAsync('devices/PUMP_1/telemetry', JSON.stringify(poison), { qos: 1 });
      await device.publishAsync('devices/PUMP_1/telemetry', JSON.stringify({ flow: 42 }), { qos: 1 });
      expect(device.connected).toBe(true);
      expect(disconnects).toBe(0);
      const stats = (
        await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/ingest', token: admin })
      ).json() as { accepted: number; rejected: Record<string, number> };
      expect(stats).toMatchObject({ accepted: 1, rejected: { bad_timestamp: 2, out_of_range: 1 } });
    },
  );

  it.skipIf(skip)(
    'delivers desired state retained with its version, also to a device that connects later, and clears the delta on report',
    async () => {
      const device = await connect('PUMP_1', token);
      const received: Array<{ version: number; desired: Record<string, unknown> }> = [];
      device.on('message', (_topic, payload) =>
        received.push(JSON.parse(payload.toString()) as (typeof received)[number]),
      );
      await device.subscribeAsync('devices/PUMP_1/desired', { qos: 1 });

      await server.inject({
        method: 'PATCH',
        url: '/api/devices/PUMP_1/twin',
        token: admin,
        payload: { desired: { sample_interval_s: 2 } },
      });
      await expect.poll(() => received.at(-1)).toEqual({ version: 1, desired: { sample_interval_s: 2 } });

      const later = await connect('PUMP_1', token);
      const late: string[] = [];
      later.on('message', (_t, payload) => late.push(payload.toString()));
      await later.subscribeAsync('devices/PUMP_1/desired', { qos: 1 });
      await expect.poll(() => late.length).toBe(1);
      expect(JSON.parse(late[0]!)).toEqual({ version: 1, desired: { sample_interval_s: 2 } });

      await device.publishAsync('devices/PUMP_1/reported', JSON.stringify({ sample_interval_s: 2 }), {
        qos: 1,
      });
      const twin = (
        await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/twin', token: admin })
      ).json() as { delta: object; reported: { properties: object } };
      expect(twin.delta).toEqual({});
      expect(twin.reported.properties).toEqual({ sample_interval_s: 2 });
    },
  );
});
