import crypto from 'node:crypto';
import type { Command } from '@dtwin/contracts/commands';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTelemetry, registerDevice } from './support/fleet';
import { sleep } from './support/realtime';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** An external broker to test against (the machine's Mosquitto in CI). */
const brokerUrl = process.env.TEST_MQTT_URL;

describe.skipIf(!brokerUrl)('commands through an external broker', () => {
  let server: TestServer;
  let admin: string;
  let device: MqttClient;
  const id = `CMD_${crypto.randomBytes(4).toString('hex')}`;
  const received: Array<{ topic: string; body: unknown }> = [];

  beforeAll(async () => {
    // A group of its own: other suites' servers on the same broker must not take its messages.
    server = await startTestServer(
      'sqlite',
      { MQTT_URL: brokerUrl!, MQTT_SHARED_GROUP: `test-${crypto.randomBytes(4).toString('hex')}` },
      { mqtt: true },
    );
    admin = await server.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(server, admin, { id, model: 'centrifugal_pump' });
    // Online as the twin sees it: it reported a moment ago.
    expect((await postTelemetry(server, id, token, { flow: 60 })).statusCode).toBe(200);
    await server.container.twin.flush();
    device = mqtt.connect(brokerUrl!, { clientId: `${id}:test`, reconnectPeriod: 0 });
    await new Promise<void>((resolve, reject) => {
      device.once('connect', () => resolve());
      device.once('error', reject);
    });
    device.on('message', (topic, payload) =>
      received.push({ topic, body: JSON.parse(payload.toString()) as unknown }),
    );
    await device.subscribeAsync(`devices/${id}/commands/+`, { qos: 1 });
  });
  afterAll(async () => {
    device?.end(true);
    await server?.close();
  });

  it('publishes the command to an online device and takes its answer from the shared subscription', async () => {
    const res = await server.inject({
      method: 'POST',
      url: `/api/devices/${id}/commands`,
      token: admin,
      payload: { name: 'reset_alarm' },
    });
    expect(res.statusCode).toBe(202);
    const { id: commandId } = res.json() as { id: string };
    const deadline = Date.now() + 15_000;
    while (received.length === 0 && Date.now() < deadline) await sleep(50);
    expect(received[0]).toEqual({
      topic: `devices/${id}/commands/${commandId}`,
      body: { name: 'reset_alarm', params: {} },
    });
    await device.publishAsync(
      `devices/${id}/commands/${commandId}/response`,
      JSON.stringify({ status: 'ok', result: { cleared: [] } }),
      { qos: 1 },
    );
    let command: Command | undefined;
    while (Date.now() < deadline) {
      const got = await server.inject({ method: 'GET', url: `/api/commands/${commandId}`, token: admin });
      command = (got.json() as { command: Command }).command;
      if (command.status === 'succeeded') break;
      await sleep(50);
    }
    expect(command).toMatchObject({ status: 'succeeded', result: { cleared: [] } });
    expect(command?.delivered_at).not.toBeNull();
  });
});
