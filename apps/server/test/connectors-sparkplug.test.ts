import crypto from 'node:crypto';
import type { Connector, ConnectorStatus, PendingDevice } from '@dtwin/contracts/connectors';
import type { Twin } from '@dtwin/contracts/twin';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEdgeNode, type EdgeNode } from '../tools/simulator/sparkplug-edge-node';
import { history, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';
import { waitFor } from './support/wait';

const brokerUrl = process.env.TEST_MQTT_URL;
if (!brokerUrl) console.warn('TEST_MQTT_URL is not set: the Sparkplug B suite on Mosquitto is skipped');

const EDGE = { username: 'line1-gateway', password: 'edge-password-0123' };

const mappings = [
  { device_id: 'PUMP_1', metric: 'flow', source: { edge_node: 'line1', device: 'pump1', metric: 'Flow' } },
  {
    device_id: 'PUMP_1',
    metric: 'bearing_temperature',
    source: { edge_node: 'line1', device: 'pump1', metric: 'Bearing/Temperature' },
  },
  {
    device_id: 'PUMP_1',
    metric: 'speed_setpoint_rpm',
    source: { edge_node: 'line1', device: 'pump1', metric: 'Speed SP' },
  },
];
const pump1 = { name: 'pump1', metrics: { Flow: 61.5, 'Bearing/Temperature': 48, 'Speed SP': 2900 } };

async function setUp(broker: 'embedded' | 'external', group: string) {
  const server = await startTestServer(
    'sqlite',
    { CONNECTOR_RETRY_INITIAL_MS: '200', CONNECTOR_RETRY_MAX_MS: '1000', SIMULATOR_DEVICES: '0' },
    { mqtt: true },
  );
  const admin = await server.login(ADMIN.username, ADMIN.password);
  await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
  const config =
    broker === 'embedded'
      ? { broker, group_id: group, ...EDGE, auto_map: true }
      : { broker, url: brokerUrl, group_id: group, auto_map: true };
  const res = await server.inject({
    method: 'POST',
    url: '/api/connectors',
    token: admin,
    payload: { id: 'spb', type: 'sparkplug_b', config, mappings },
  });
  if (res.statusCode !== 201) throw new Error(`connector: ${res.statusCode} ${res.body}`);
  return { server, admin };
}

function helpers(server: TestServer, admin: string) {
  return {
    status: async () =>
      (
        await server.inject({ method: 'GET', url: '/api/connectors/spb/status', token: admin })
      ).json() as ConnectorStatus,
    points: async (deviceId: string, metric: string) => {
      const now = Date.now();
      const range = {
        from: new Date(now - 60_000).toISOString(),
        to: new Date(now + 60_000).toISOString(),
        step: 'raw',
      };
      return (await history(server, admin, deviceId, metric, range)).points;
    },
    twin: async (deviceId: string) =>
      (
        await server.inject({ method: 'GET', url: `/api/devices/${deviceId}/twin`, token: admin })
      ).json() as Twin,
  };
}

describe('a Sparkplug B connector on the embedded broker', () => {
  let server: TestServer;
  let admin: string;
  let edge: EdgeNode | undefined;

  beforeEach(async () => {
    ({ server, admin } = await setUp('embedded', 'plant'));
    await waitFor(async () => (await helpers(server, admin).status()).state === 'connected');
  });
  afterEach(async () => {
    await edge?.stop();
    edge = undefined;
    await server.close();
  });

  const connect = () =>
    startEdgeNode({ url: server.mqttUrl!, group: 'plant', edgeNode: 'line1', devices: [pump1], ...EDGE });

  it('births and data by alias reach history; a death takes the mapped devices offline', async () => {
    const { status, points, twin } = helpers(server, admin);
    edge = await connect();
    await waitFor(async () => (await points('PUMP_1', 'flow')).some((p) => p.value === 61.5));
    expect((await points('PUMP_1', 'bearing_temperature')).at(-1)?.value).toBe(48);
    await waitFor(async () => (await twin('PUMP_1')).reported.properties.speed_setpoint_rpm === 2900);

    await edge.set('pump1', { Flow: 70.25 });
    const changedAt = Date.now();
    await waitFor(async () => (await points('PUMP_1', 'flow')).some((p) => p.value === 70.25), 1000);
    expect(Date.now() - changedAt).toBeLessThan(1000);
    await waitFor(async () => (await twin('PUMP_1')).connectivity === 'online');

    await edge.deviceDeath('pump1');
    await waitFor(async () => (await twin('PUMP_1')).connectivity === 'offline');
    const s = await status();
    expect(s).toMatchObject({ state: 'connected', rejected: 0 });
    expect(s.readings).toBeGreaterThanOrEqual(3);
  });

  it('a sequence gap asks the node to rebirth (NCMD), and data resumes', async () => {
    const { points } = helpers(server, admin);
    edge = await connect();
    await waitFor(async () => (await points('PUMP_1', 'flow')).length > 0);
    edge.skipSequence();
    await edge.set('pump1', { Flow: 44 });
    await waitFor(() => edge!.received.includes('spBv1.0/plant/NCMD/line1'));
    await edge.set('pump1', { Flow: 45.5 });
    await waitFor(async () => (await points('PUMP_1', 'flow')).some((p) => p.value === 45.5));
  });

  it('the same data again after a reconnect is not counted twice', async () => {
    const { points, status } = helpers(server, admin);
    edge = await connect();
    const ts = Date.now() - 5000;
    await edge.set('pump1', { Flow: 52 }, ts);
    await waitFor(async () => (await points('PUMP_1', 'flow')).some((p) => p.value === 52));
    await edge.stop();
    edge = await connect();
    await edge.set('pump1', { Flow: 52 }, ts);
    // Not in the birth's millisecond: a second value at the same instant would be a duplicate.
    await edge.set('pump1', { Flow: 53 }, Date.now() + 10);
    await waitFor(async () => (await points('PUMP_1', 'flow')).some((p) => p.value === 53));
    expect((await points('PUMP_1', 'flow')).filter((p) => p.value === 52)).toHaveLength(1);
    expect((await status()).readings).toBeGreaterThan(0);
  });

  it('a desired setpoint goes to the device as a DCMD, and the twin follows its report', async () => {
    const { twin } = helpers(server, admin);
    edge = await connect();
    await waitFor(async () => (await twin('PUMP_1')).reported.properties.speed_setpoint_rpm === 2900);
    const res = await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_1/twin',
      token: admin,
      payload: { desired: { speed_setpoint_rpm: 2500 } },
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() => edge!.metrics('pump1')['Speed SP'] === 2500);
    await waitFor(async () => (await twin('PUMP_1')).reported.properties.speed_setpoint_rpm === 2500);
  });

  it('an unknown device is pending with auto_map; accepting it creates and maps it', async () => {
    const { points } = helpers(server, admin);
    edge = await connect();
    await edge.addDevice({ name: 'pump2', metrics: { flow: 40, vibration: 1.5, Color: 3 } });
    const pending = async () =>
      (
        (await server.inject({ method: 'GET', url: '/api/connectors/spb/pending', token: admin })).json() as {
          items: PendingDevice[];
        }
      ).items;
    await waitFor(async () => (await pending()).length === 1);
    expect((await pending())[0]).toMatchObject({ edge_node: 'line1', device: 'pump2' });

    const accepted = await server.inject({
      method: 'POST',
      url: '/api/connectors/spb/pending/accept',
      token: admin,
      payload: { edge_node: 'line1', device: 'pump2', device_id: 'PUMP_2', model: 'centrifugal_pump' },
    });
    expect(accepted.statusCode).toBe(201);
    const { connector } = accepted.json() as { connector: Connector };
    expect(
      connector.mappings
        .filter((m) => m.device_id === 'PUMP_2')
        .map((m) => m.metric)
        .sort(),
    ).toEqual(['flow', 'vibration']);
    // The connector restarts with the new mappings; the node's data before a birth asks for a rebirth.
    await waitFor(async () => (await helpers(server, admin).status()).state === 'connected');
    await waitFor(async () => {
      await edge!.set('pump2', { flow: 41.5 });
      return (await points('PUMP_2', 'flow')).some((p) => p.value === 41.5);
    }, 5000);
  });

  it('edge nodes need the connector credentials and may publish only Sparkplug messages of its group', async () => {
    await expect(
      startEdgeNode({
        url: server.mqttUrl!,
        group: 'plant',
        edgeNode: 'x',
        devices: [],
        username: EDGE.username,
        password: 'wrong-password-000',
      }),
    ).rejects.toThrow();
    const client = await mqtt.connectAsync(server.mqttUrl!, { ...EDGE, reconnectPeriod: 0 });
    client.on('error', () => undefined);
    void client.publishAsync('devices/PUMP_1/telemetry', '{"flow": 1}').catch(() => undefined);
    await waitFor(() => server.container.ingestStats.totals().rejected.forbidden_topic >= 1);
    // Bytes that are no Sparkplug payload are counted and ignored.
    const second = await mqtt.connectAsync(server.mqttUrl!, { ...EDGE, reconnectPeriod: 0 });
    await second.publishAsync('spBv1.0/plant/NDATA/line9', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]));
    await waitFor(async () => (await helpers(server, admin).status()).rejected >= 1);
    await second.endAsync(true);
    await client.endAsync(true);

    const listed = (
      await server.inject({ method: 'GET', url: '/api/connectors/spb', token: admin })
    ).json() as {
      connector: Connector;
    };
    expect(listed.connector.config).not.toHaveProperty('password');
    expect(listed.connector.secrets_set).toEqual(['password']);
    const row = await server.container.database.db
      .selectFrom('connectors')
      .select(['config', 'secret_enc'])
      .executeTakeFirstOrThrow();
    expect(`${row.config}${row.secret_enc}`).not.toContain(EDGE.password);
  });
});

describe.skipIf(!brokerUrl)('a Sparkplug B connector on the machine’s Mosquitto', () => {
  let server: TestServer;
  let admin: string;
  let edge: EdgeNode | undefined;
  const group = `test-${crypto.randomBytes(4).toString('hex')}`;

  beforeEach(async () => {
    ({ server, admin } = await setUp('external', group));
    await waitFor(async () => (await helpers(server, admin).status()).state === 'connected');
  });
  afterEach(async () => {
    await edge?.stop();
    await server.close();
  });

  it('births, data, rebirth after a gap and deaths', async () => {
    const { points, twin } = helpers(server, admin);
    edge = await startEdgeNode({ url: brokerUrl!, group, edgeNode: 'line1', devices: [pump1] });
    await waitFor(async () => (await points('PUMP_1', 'flow')).some((p) => p.value === 61.5));
    await edge.set('pump1', { Flow: 66 });
    await waitFor(async () => (await points('PUMP_1', 'flow')).some((p) => p.value === 66), 1000);
    edge.skipSequence();
    await edge.set('pump1', { Flow: 1 });
    await waitFor(() => edge!.received.includes(`spBv1.0/${group}/NCMD/line1`));
    await waitFor(async () => (await twin('PUMP_1')).connectivity === 'online');
    await edge.stop();
    edge = undefined;
    await waitFor(async () => (await twin('PUMP_1')).connectivity === 'offline');
  });
});
