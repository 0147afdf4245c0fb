import type { Connector, ConnectorStatus } from '@dtwin/contracts/connectors';
import type { Twin } from '@dtwin/contracts/twin';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRegisterBank,
  setFloat32,
  startModbusServer,
  type ModbusServer,
  type RegisterBank,
} from '../tools/simulator/modbus-server';
import { history, registerDevice } from './support/fleet';
import { ADMIN, startTestServer, type TestServer } from './support/server';
import { waitFor } from './support/wait';

/** A pump behind a PLC: flow ×10 in holding 0, bearing temperature float32 in 1–2, power int32 little-endian in 3–4. */
const pumpMappings = [
  { device_id: 'PUMP_1', metric: 'flow', source: { register: 'holding', address: 0 }, scale: 0.1 },
  {
    device_id: 'PUMP_1',
    metric: 'bearing_temperature',
    source: { register: 'holding', address: 1, type: 'float32' },
  },
  {
    device_id: 'PUMP_1',
    metric: 'power',
    source: { register: 'holding', address: 3, type: 'int32', word_order: 'little' },
    scale: 0.001,
  },
  { device_id: 'PUMP_1', metric: 'motor_current', source: { register: 'input', address: 0, type: 'int16' } },
  { device_id: 'PUMP_1', metric: 'speed_setpoint_rpm', source: { register: 'holding', address: 10 } },
  { device_id: 'PUMP_1', metric: 'running', source: { register: 'coil', address: 0 } },
];

function setPower(bank: RegisterBank, watts: number) {
  const buf = Buffer.alloc(4);
  buf.writeInt32BE(watts, 0);
  bank.holding[3] = buf.readUInt16BE(2); // little word order: low word first
  bank.holding[4] = buf.readUInt16BE(0);
}

describe('a Modbus TCP connector against a real Modbus server', () => {
  let server: TestServer;
  let admin: string;
  let plc: ModbusServer;
  let bank: RegisterBank;

  beforeEach(async () => {
    server = await startTestServer(
      'sqlite',
      { CONNECTOR_RETRY_INITIAL_MS: '200', CONNECTOR_RETRY_MAX_MS: '1000', SIMULATOR_DEVICES: '0' },
      { mqtt: true },
    );
    admin = await server.login(ADMIN.username, ADMIN.password);
    await registerDevice(server, admin, { id: 'PUMP_1', model: 'centrifugal_pump' });
    bank = createRegisterBank(100);
    bank.holding[0] = 612;
    setFloat32(bank.holding, 1, 55.25);
    setPower(bank, 18_500);
    bank.input[0] = 31;
    bank.holding[10] = 2900;
    bank.coils[0] = true;
    plc = await startModbusServer(new Map([[1, bank]]));
  });
  afterEach(async () => {
    await server.close();
    await plc.stop();
  });

  const create = (mappings: object[], port = plc.port) =>
    server.inject({
      method: 'POST',
      url: '/api/connectors',
      token: admin,
      payload: {
        id: 'plc-1',
        type: 'modbus_tcp',
        config: { host: '127.0.0.1', port, unit_id: 1, poll_interval_ms: 100, timeout_ms: 500 },
        mappings,
      },
    });
  const status = async () =>
    (
      await server.inject({ method: 'GET', url: '/api/connectors/plc-1/status', token: admin })
    ).json() as ConnectorStatus;
  const points = async (metric: string) => {
    const now = Date.now();
    const range = {
      from: new Date(now - 60_000).toISOString(),
      to: new Date(now + 60_000).toISOString(),
      step: 'raw',
    };
    return (await history(server, admin, 'PUMP_1', metric, range)).points;
  };
  const twin = async () =>
    (await server.inject({ method: 'GET', url: '/api/devices/PUMP_1/twin', token: admin })).json() as Twin;

  it('polls every type and word order into history, contiguous registers in one request', async () => {
    expect((await create(pumpMappings)).statusCode).toBe(201);
    await waitFor(async () => (await points('flow')).length > 0);
    await waitFor(
      async () => (await points('power')).length > 0 && (await points('motor_current')).length > 0,
    );
    expect((await points('flow')).at(-1)?.value).toBeCloseTo(61.2);
    expect((await points('bearing_temperature')).at(-1)?.value).toBeCloseTo(55.25);
    expect((await points('power')).at(-1)?.value).toBeCloseTo(18.5);
    expect((await points('motor_current')).at(-1)?.value).toBe(31);
    // Holding 0–4 (three mappings) are read in one request; 10 is not contiguous with them.
    expect(plc.requests).toContainEqual({ kind: 'holding', address: 0, length: 5 });
    expect(plc.requests.some((r) => r.kind === 'holding' && r.address === 1)).toBe(false);

    // Properties are reported on the twin.
    await waitFor(async () => (await twin()).reported.properties.speed_setpoint_rpm === 2900);
    expect((await twin()).reported.properties.running).toBe(true);

    // A changed register is in history within a second.
    bank.holding[0] = 655;
    const changedAt = Date.now();
    await waitFor(
      async () => (await points('flow')).some((p) => Math.abs((p.value ?? 0) - 65.5) < 1e-9),
      1000,
    );
    expect(Date.now() - changedAt).toBeLessThan(1000);

    const s = await status();
    expect(s).toMatchObject({ state: 'connected', last_error: null, rejected: 0, mapping_errors: [] });
    expect(s.readings).toBeGreaterThan(4);
    expect(s.last_reading_at).not.toBeNull();
  });

  it('a desired value is written to the holding register and the twin follows the read-back', async () => {
    expect((await create(pumpMappings)).statusCode).toBe(201);
    await waitFor(async () => (await status()).state === 'connected');
    const res = await server.inject({
      method: 'PATCH',
      url: '/api/devices/PUMP_1/twin',
      token: admin,
      payload: { desired: { speed_setpoint_rpm: 2400, running: false } },
    });
    expect(res.statusCode).toBe(200);
    await waitFor(() => bank.holding[10] === 2400 && bank.coils[0] === false);
    await waitFor(async () => {
      const t = await twin();
      return t.reported.properties.speed_setpoint_rpm === 2400 && t.reported.properties.running === false;
    });
    expect((await twin()).delta).toEqual({});
  });

  it('a stopped server shows as an error, and it reconnects when the server is back', async () => {
    expect((await create(pumpMappings.slice(0, 1))).statusCode).toBe(201);
    await waitFor(async () => (await status()).state === 'connected');
    const port = plc.port;
    await plc.stop();
    await waitFor(async () => (await status()).state === 'error');
    expect((await status()).last_error).toMatch(/127\.0\.0\.1:\d+|closed|Port Not Open/i);

    plc = await startModbusServer(new Map([[1, bank]]), { port });
    bank.holding[0] = 700;
    await waitFor(async () => (await status()).state === 'connected', 5000);
    await waitFor(async () => (await points('flow')).some((p) => p.value === 70), 3000);
    expect((await status()).last_error).toBeNull();
  });

  it('an illegal address is an error of that mapping; the other mappings keep reading', async () => {
    // The bank has 100 registers: a float32 at 99 would need 100 too.
    const mappings = [
      ...pumpMappings.slice(0, 1),
      {
        device_id: 'PUMP_1',
        metric: 'discharge_pressure',
        source: { register: 'holding', address: 99, type: 'float32' },
      },
    ];
    expect((await create(mappings)).statusCode).toBe(201);
    await waitFor(async () => (await status()).mapping_errors.length > 0);
    const s = await status();
    expect(s.state).toBe('connected');
    expect(s.mapping_errors).toEqual([
      {
        device_id: 'PUMP_1',
        metric: 'discharge_pressure',
        error: expect.stringMatching(/illegal data address/),
      },
    ]);
    expect(s.last_error).toMatch(/PUMP_1\.discharge_pressure: illegal data address/);
    bank.holding[0] = 333;
    await waitFor(async () => (await points('flow')).some((p) => Math.abs((p.value ?? 0) - 33.3) < 1e-9));

    // The test-read button: every mapping read now, scaled, the bad one with its reason.
    const read = await server.inject({
      method: 'POST',
      url: '/api/connectors/plc-1/test-read',
      token: admin,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      items: [
        { device_id: 'PUMP_1', metric: 'flow', value: 33.3, source_timestamp: null, error: null },
        {
          device_id: 'PUMP_1',
          metric: 'discharge_pressure',
          value: null,
          source_timestamp: null,
          error: expect.stringMatching(/illegal data address/),
        },
      ],
    });
  });

  it('refuses bad connectors with clear errors; secrets and bounds', async () => {
    const post = (payload: object) =>
      server.inject({ method: 'POST', url: '/api/connectors', token: admin, payload });
    const base = { id: 'plc-2', type: 'modbus_tcp', config: { host: '127.0.0.1', port: plc.port } };

    const wrongType = await post({
      ...base,
      mappings: [
        { device_id: 'PUMP_1', metric: 'flow', source: { register: 'coil', address: 0, type: 'float32' } },
      ],
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.body).toMatch(/coils and discrete inputs are bool/);

    const unknownMetric = await post({
      ...base,
      mappings: [{ device_id: 'PUMP_1', metric: 'altitude', source: { register: 'holding', address: 0 } }],
    });
    expect(unknownMetric.statusCode).toBe(400);
    expect(unknownMetric.json()).toMatchObject({
      error: { fields: { 'mappings.0.metric': expect.any(String) } },
    });

    const unknownDevice = await post({
      ...base,
      mappings: [{ device_id: 'NOPE', metric: 'flow', source: { register: 'holding', address: 0 } }],
    });
    expect(unknownDevice.statusCode).toBe(400);

    const tooFast = await post({ ...base, config: { ...base.config, poll_interval_ms: 10 } });
    expect(tooFast.statusCode).toBe(400);
    expect(tooFast.body).toMatch(/poll_interval_ms/);

    const tooMany = await post({
      ...base,
      mappings: Array.from({ length: 1001 }, (_, i) => ({
        device_id: 'PUMP_1',
        metric: 'flow',
        source: { register: 'holding', address: i },
      })),
    });
    expect(tooMany.statusCode).toBe(400);

    const viewer = await server.inject({ method: 'GET', url: '/api/connectors' });
    expect(viewer.statusCode).toBe(401);

    expect((await post({ ...base, enabled: false })).statusCode).toBe(201);
    const listed = (await server.inject({ method: 'GET', url: '/api/connectors', token: admin })).json() as {
      items: Array<Connector & { status: ConnectorStatus }>;
    };
    expect(listed.items.map((c) => [c.id, c.status.state])).toEqual([['plc-2', 'disabled']]);

    const patched = await server.inject({
      method: 'PATCH',
      url: '/api/connectors/plc-2',
      token: admin,
      payload: { config: { host: '127.0.0.1', port: plc.port, poll_interval_ms: 5 } },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.json()).toMatchObject({
      error: { fields: { 'config.poll_interval_ms': expect.any(String) } },
    });

    expect(
      (await server.inject({ method: 'DELETE', url: '/api/connectors/plc-2', token: admin })).statusCode,
    ).toBe(204);
    expect(
      (await server.inject({ method: 'GET', url: '/api/connectors/plc-2', token: admin })).statusCode,
    ).toBe(404);
  });
});
