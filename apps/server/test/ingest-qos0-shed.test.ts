import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';

/** Sums every sample of a metric in the Prometheus text (all label sets, or one label value). */
function total(text: string, name: string, label?: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => label === undefined || l.includes(label))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe('QoS 0 telemetry under overload (embedded broker)', () => {
  let server: TestServer;
  let client: MqttClient;
  const messages = 400;

  beforeEach(async () => {
    // One QoS 0 message may wait to be stored at a time: a burst is mostly shed. No simulated
    // fleet: its devices' messages would be counted with this one's.
    server = await startTestServer(
      'sqlite',
      { MQTT_MAX_QOS0_IN_FLIGHT: '1', SIMULATOR_DEVICES: '0' },
      { mqtt: true },
    );
    const admin = await server.login(ADMIN.username, ADMIN.password);
    const token = await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    client = mqtt.connect(server.mqttUrl!, {
      clientId: 'PUMP_1',
      username: 'PUMP_1',
      password: token,
      reconnectPeriod: 0,
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
  });
  afterEach(async () => {
    client.end(true);
    await server.close();
  });

  const metrics = async () => (await server.inject({ method: 'GET', url: '/metrics' })).body;

  it('sheds what is over its bound, counts every message received, stored or shed, and keeps the device connected', async () => {
    const before = await metrics();
    const since = (text: string, name: string, label?: string) =>
      total(text, name, label) - total(before, name, label);
    const base = server.clock.now() - 60_000;
    for (let i = 0; i < messages; i += 1)
      client.publish(
        'devices/PUMP_1/telemetry',
        JSON.stringify({ ts: base + i, metrics: { vibration: 2 } }),
        {
          qos: 0,
        },
      );

    // Everything sent is accounted for: received, then either stored or shed as overloaded.
    let text = await metrics();
    for (let tries = 0; tries < 200; tries += 1) {
      const settled =
        since(text, 'dtwin_ingest_readings_total') +
        since(text, 'dtwin_ingest_rejected_total', 'reason="overloaded"');
      if (since(text, 'dtwin_ingest_messages_total') >= messages && settled >= messages) break;
      await new Promise((r) => setTimeout(r, 50));
      text = await metrics();
    }
    const shed = since(text, 'dtwin_ingest_rejected_total', 'reason="overloaded"');
    const stored = since(text, 'dtwin_ingest_readings_total');
    expect(since(text, 'dtwin_ingest_messages_total')).toBe(messages);
    expect(shed).toBeGreaterThan(0);
    expect(stored).toBeGreaterThan(0);
    expect(stored + shed).toBe(messages);

    // Shedding is not a disconnection: the same connection's QoS 1 message is stored and acknowledged.
    expect(client.connected).toBe(true);
    await client.publishAsync(
      'devices/PUMP_1/telemetry',
      JSON.stringify({ ts: base + messages, metrics: { vibration: 3 } }),
      { qos: 1 },
    );
    expect(since(await metrics(), 'dtwin_ingest_readings_total')).toBeGreaterThanOrEqual(stored + 1);
  });
});
