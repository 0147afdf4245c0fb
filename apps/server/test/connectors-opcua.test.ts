import fs from 'node:fs';
import path from 'node:path';
import type { ConnectorStatus } from '@dtwin/contracts/connectors';
import type { OpcuaBrowseResponse, TestReadResponse } from '@dtwin/contracts/connectors-opcua';
import type { Twin } from '@dtwin/contracts/twin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/logger';
import { loadOpcua } from '../src/modules/connectors/opcua/opcua-library';
import { startOpcuaPlantServer, type OpcuaPlantServer } from '../tools/simulator/opcua-plant-server';
import { history, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';
import { waitFor } from './support/wait';

describe('an OPC UA connector against a node-opcua server in the test process', () => {
  let server: TestServer;
  let admin: string;
  let plant: OpcuaPlantServer;
  const startPlant = async (port = 0) =>
    startOpcuaPlantServer({
      lib: await loadOpcua(createLogger({ level: 'silent' })),
      port,
      pkiFolder: path.join(server.dir, 'plant-pki'),
      pumps: ['P1'],
      updateMs: 200,
    });

  beforeAll(async () => {
    server = await startTestServer(
      'sqlite',
      { CONNECTOR_RETRY_INITIAL_MS: '200', CONNECTOR_RETRY_MAX_MS: '1000', SIMULATOR_DEVICES: '0' },
      { mqtt: true },
    );
    admin = await server.login(ADMIN.username, ADMIN.password);
    await registerDevice(server, admin, { id: 'PUMP_OPC', model: 'centrifugal_pump' });
    plant = await startPlant();
    const node = (name: string) => ({ node_id: plant.nodeId('P1', name) });
    const res = await server.inject({
      method: 'POST',
      url: '/api/connectors',
      token: admin,
      payload: {
        id: 'plc-opc',
        type: 'opcua',
        config: {
          endpoint_url: plant.endpointUrl,
          sampling_interval_ms: 100,
          password: 'not-used-by-anonymous',
        },
        mappings: [
          { device_id: 'PUMP_OPC', metric: 'flow', source: node('flow') },
          // bar → kPa, to show scaling.
          {
            device_id: 'PUMP_OPC',
            metric: 'discharge_pressure',
            source: node('discharge_pressure'),
            scale: 0.5,
          },
          { device_id: 'PUMP_OPC', metric: 'speed_setpoint_rpm', source: node('speed_setpoint_rpm') },
          { device_id: 'PUMP_OPC', metric: 'running', source: node('running') },
          { device_id: 'PUMP_OPC', metric: 'power', source: { node_id: 'ns=1;s=P1.no_such_node' } },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain('not-used-by-anonymous');
    expect(res.json().connector.secrets_set).toEqual(['password']);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await plant?.stop();
  });

  const status = async () =>
    (
      await server.inject({ method: 'GET', url: '/api/connectors/plc-opc/status', token: admin })
    ).json() as ConnectorStatus;
  const points = async (metric: string) => {
    const now = Date.now();
    const range = {
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
      step: 'raw',
    };
    return (await history(server, admin, 'PUMP_OPC', metric, range)).points;
  };
  const twin = async () =>
    (await server.inject({ method: 'GET', url: '/api/devices/PUMP_OPC/twin', token: admin })).json() as Twin;

  it('subscribes: changing values are in history within a second, scaled, with the source timestamps', async () => {
    await waitFor(async () => (await status()).state === 'connected', 10_000, 'connected');
    await waitFor(async () => (await points('flow')).length >= 3, 5000, 'three flow readings');
    const flow = await points('flow');
    const newest = Date.parse(flow.at(-1)!.ts);
    // The plant changes every 200 ms: the newest stored reading is less than a second old.
    expect(Date.now() - newest).toBeLessThan(1000);
    await waitFor(async () => (await points('discharge_pressure')).length > 0, 5000, 'pressure');
    expect((await points('discharge_pressure')).at(-1)!.value).toBeCloseTo(3.1, 0);
    await waitFor(
      async () => (await twin()).reported.properties.speed_setpoint_rpm === 2900,
      5000,
      'setpoint',
    );
    expect((await twin()).reported.properties.running).toBe(true);
  });

  it('shows an unknown node as a mapping error, in the status', async () => {
    const s = await status();
    expect(s.state).toBe('connected');
    expect(s.mapping_errors).toEqual([
      {
        device_id: 'PUMP_OPC',
        metric: 'power',
        error: 'ns=1;s=P1.no_such_node: BadNodeIdUnknown (the server has no node with this id)',
      },
    ]);
    expect(s.readings).toBeGreaterThan(3);
  });

  it('browses the server and test-reads every mapping', async () => {
    const browse = async (nodeId?: string) =>
      server.inject({
        method: 'GET',
        url: `/api/connectors/plc-opc/browse${nodeId ? `?node_id=${encodeURIComponent(nodeId)}` : ''}`,
        token: admin,
      });
    const root = (await browse()).json() as OpcuaBrowseResponse;
    expect(root.items.map((i) => i.display_name)).toContain('Plant');
    const pumps = (await browse('ns=1;s=Plant')).json() as OpcuaBrowseResponse;
    expect(pumps.items).toMatchObject([{ display_name: 'P1', node_class: 'Object' }]);
    const vars = (await browse(pumps.items[0]!.node_id)).json() as OpcuaBrowseResponse;
    expect(vars.items.find((i) => i.display_name === 'speed_setpoint_rpm')).toMatchObject({
      data_type: 'Int32',
      writable: true,
    });
    const unknown = await browse('ns=1;s=Nowhere');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/BadNodeIdUnknown/);
    expect((await browse('not a node id')).statusCode).toBe(400);

    const read = await server.inject({
      method: 'POST',
      url: '/api/connectors/plc-opc/test-read',
      token: admin,
    });
    expect(read.statusCode).toBe(200);
    const items = (read.json() as TestReadResponse).items;
    expect(items.find((i) => i.metric === 'flow')).toMatchObject({ error: null, value: expect.any(Number) });
    expect(items.find((i) => i.metric === 'power')).toMatchObject({
      value: null,
      error: expect.stringMatching(/BadNodeIdUnknown/),
    });

    const viewer = await server.inject({ method: 'GET', url: '/api/connectors/plc-opc/browse' });
    expect(viewer.statusCode).toBe(401);
  });

  it('writes a desired setpoint to the OPC UA variable and the twin follows the read-back', async () => {
    const res = await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_OPC/twin',
      token: admin,
      payload: { desired: { speed_setpoint_rpm: 1500 } },
    });
    expect(res.statusCode, res.body).toBe(200);
    await waitFor(() => plant.value('P1', 'speed_setpoint_rpm') === 1500, 5000, 'the write at the server');
    await waitFor(
      async () => (await twin()).reported.properties.speed_setpoint_rpm === 1500,
      5000,
      'the read-back',
    );
    expect((await twin()).delta).toEqual({});
  });

  it('reconnects with backoff when the server stops and comes back, the status showing it', async () => {
    const port = plant.port;
    await plant.stop();
    await waitFor(async () => (await status()).state === 'error', 10_000, 'the error state');
    expect((await status()).last_error).toMatch(/lost|ended|closed|connect/i);
    const browse = await server.inject({
      method: 'GET',
      url: '/api/connectors/plc-opc/browse',
      token: admin,
    });
    expect(browse.statusCode).toBe(409);

    plant = await startPlant(port);
    await waitFor(async () => (await status()).state === 'connected', 15_000, 'connected again');
    // The connection error is gone; what remains is the bad mapping's.
    expect((await status()).last_error).toMatch(/^PUMP_OPC\.power: .*BadNodeIdUnknown/);
    const before = (await points('flow')).length;
    await waitFor(async () => (await points('flow')).length > before + 2, 5000, 'readings again');
    // No reading stored twice: every timestamp once.
    const ts = (await points('flow')).map((p) => p.ts);
    expect(new Set(ts).size).toBe(ts.length);
    // The desired setpoint was written again to the restarted server.
    await waitFor(() => plant.value('P1', 'speed_setpoint_rpm') === 1500, 5000, 'the setpoint rewritten');
    const pki = path.join(server.dir, 'data', 'opcua', 'pki');
    if (fs.existsSync(pki)) expect(fs.statSync(pki).mode & 0o777).toBe(0o700);
  }, 60_000);
});
