import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/logger';
import {
  createOpcuaConnector,
  type ConnectorReading,
  type OpcuaConnector,
  type OpcuaConnectorStatus,
  type OpcuaMapping,
} from '../src/modules/connectors/opcua/opcua-client.connector';
import { loadOpcua, type OpcuaLibrary } from '../src/modules/connectors/opcua/opcua-library';
import { startOpcuaPlantServer, type OpcuaPlantServer } from '../tools/simulator/opcua-plant-server';

const logger = createLogger({ level: 'silent' });
let lib: OpcuaLibrary;
let dir: string;
let plant: OpcuaPlantServer;
const open: OpcuaConnector[] = [];

async function startPlant(port = 0) {
  return startOpcuaPlantServer({
    lib,
    port,
    pkiFolder: path.join(dir, 'plant-pki'),
    pumps: ['PUMP_A', 'PUMP_B'],
    updateMs: 200,
  });
}

function connector(
  mappings: OpcuaMapping[],
  extra: Partial<Parameters<typeof createOpcuaConnector>[0]> = {},
) {
  const readings: ConnectorReading[] = [];
  const rejected: string[] = [];
  const c = createOpcuaConnector({
    id: 'plc',
    config: {
      endpoint_url: plant.endpointUrl,
      security_mode: 'None',
      security_policy: 'None',
      sampling_interval_ms: 100,
    },
    mappings,
    pkiFolder: path.join(dir, 'client-pki'),
    load: () => loadOpcua(logger),
    logger,
    onReading: (r) => readings.push(r),
    onRejected: (_m, why) => rejected.push(why),
    backoff: { initialMs: 200, maxMs: 1000 },
    ...extra,
  });
  open.push(c);
  return { c, readings, rejected };
}

const map = (metric: string, pump = 'PUMP_A', extra: Partial<OpcuaMapping> = {}): OpcuaMapping => ({
  device_id: `OPC_${pump}`,
  metric,
  source: { node_id: plant.nodeId(pump, metric) },
  ...extra,
});

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-opcua-'));
  lib = await loadOpcua(logger);
  plant = await startPlant();
}, 60_000);

afterAll(async () => {
  for (const c of open) await c.stop();
  await plant.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('OPC UA connector against a node-opcua server', () => {
  it('delivers changing values by subscription with the server’s source timestamps, scaled', async () => {
    const { c, readings } = connector([
      map('flow'),
      map('discharge_pressure', 'PUMP_B', { scale: 100, offset: 1 }),
    ]);
    await c.start();
    expect(c.status().state).toBe('connected');
    const flows = await until('three flow readings', () => {
      const f = readings.filter((r) => r.deviceId === 'OPC_PUMP_A' && r.metric === 'flow');
      return f.length >= 3 && f;
    });
    // A fresh value is delivered quickly after it changed at the source.
    const last = flows.at(-1)!;
    expect(Date.now() - last.ts.getTime()).toBeLessThan(1000);
    expect(last.value).toBeGreaterThan(50);
    expect(new Set(flows.map((r) => r.ts.getTime())).size).toBe(flows.length);
    const pressure = await until('a pressure reading', () =>
      readings.find((r) => r.metric === 'discharge_pressure'),
    );
    // ~6.2 bar × 100 + 1.
    expect(pressure.value).toBeGreaterThan(550);
    await c.stop();
    expect(c.status().state).toBe('disabled');
  });

  it('names an unknown node in the status and keeps reading the others', async () => {
    const { c, readings } = connector([
      map('flow'),
      { device_id: 'OPC_PUMP_A', metric: 'power', source: { node_id: 'ns=1;s=PUMP_A.no_such_variable' } },
    ]);
    await c.start();
    const status = c.status();
    expect(status.state).toBe('connected');
    expect(status.mapping_errors).toEqual([
      {
        device_id: 'OPC_PUMP_A',
        metric: 'power',
        error: 'ns=1;s=PUMP_A.no_such_variable: BadNodeIdUnknown (the server has no node with this id)',
      },
    ]);
    await until('a flow reading', () => readings.find((r) => r.metric === 'flow'));
    const read = await c.testRead();
    expect(read[0]).toMatchObject({ metric: 'flow', error: null });
    expect(typeof read[0]!.value).toBe('number');
    expect(read[1]).toMatchObject({
      metric: 'power',
      value: null,
      error: expect.stringContaining('BadNodeIdUnknown'),
    });
    await c.stop();
  });

  it('browses the plant: folders, then variables with their type and whether they are writable', async () => {
    const { c } = connector([]);
    await c.start();
    const objects = await c.browse();
    expect(objects.items.map((i) => i.browse_name)).toContain('1:Plant');
    const plantNode = objects.items.find((i) => i.browse_name === '1:Plant')!;
    const pumps = await c.browse(plantNode.node_id);
    expect(pumps.items.map((i) => i.display_name)).toEqual(['PUMP_A', 'PUMP_B']);
    const vars = await c.browse(pumps.items[0]!.node_id);
    const byName = new Map(vars.items.map((i) => [i.display_name, i]));
    expect(byName.get('flow')).toMatchObject({
      node_class: 'Variable',
      data_type: 'Double',
      writable: false,
    });
    expect(byName.get('speed_setpoint_rpm')).toMatchObject({
      node_id: plant.nodeId('PUMP_A', 'speed_setpoint_rpm'),
      data_type: 'Int32',
      writable: true,
    });
    await expect(c.browse('ns=1;s=Nowhere')).rejects.toThrow(/BadNodeIdUnknown/);
    await c.stop();
  });

  it('writes a desired value to the mapped variable and reports the read-back', async () => {
    const { c, readings } = connector([
      map('speed_setpoint_rpm', 'PUMP_B'),
      map('running', 'PUMP_B'),
      map('flow', 'PUMP_B'),
    ]);
    await c.start();
    await until('the initial setpoint', () =>
      readings.find((r) => r.metric === 'speed_setpoint_rpm' && r.value === 2900),
    );
    await c.write('OPC_PUMP_B', 'speed_setpoint_rpm', 1450.4);
    expect(plant.value('PUMP_B', 'speed_setpoint_rpm')).toBe(1450);
    await until('the setpoint read back', () =>
      readings.find((r) => r.metric === 'speed_setpoint_rpm' && r.value === 1450),
    );
    // The pump slows down: flow follows the speed.
    await until('flow falling under 45', () =>
      readings.find((r) => r.metric === 'flow' && (r.value as number) < 45),
    );
    await c.write('OPC_PUMP_B', 'running', false);
    await until('running read back', () => readings.find((r) => r.metric === 'running' && r.value === false));
    await expect(c.write('OPC_PUMP_B', 'power', 3)).rejects.toThrow(/not mapped/);
    await c.stop();
  });

  it('reconnects with backoff, shown in the status, when the server stops and comes back', async () => {
    const statuses: OpcuaConnectorStatus[] = [];
    const { c, readings } = connector([map('flow')], { onStatus: (s) => statuses.push(s) });
    await c.start();
    await until('a flow reading', () => readings.length > 0);
    const port = plant.port;
    await plant.stop();
    const down = await until('the error state', () =>
      c.status().state === 'error' ? c.status() : undefined,
    );
    expect(down.last_error).toMatch(/lost|ended|closed|cannot connect/);
    expect(down.retry?.attempt).toBeGreaterThanOrEqual(1);
    // It keeps retrying while the server is away, with growing delays.
    await until('a second attempt', () => (c.status().retry?.attempt ?? 0) >= 2);
    expect(c.status().last_error).toMatch(/retry \d+ in/);

    plant = await startPlant(port);
    const before = readings.length;
    await until('connected again', () => c.status().state === 'connected', 15_000);
    expect(c.status()).toMatchObject({ last_error: null, retry: null });
    await until('readings again', () => readings.length > before + 2);
    const ts = readings.map((r) => r.ts.getTime());
    expect(new Set(ts).size).toBe(ts.length);
    expect(statuses.map((s) => s.state)).toEqual(
      expect.arrayContaining(['connected', 'error', 'connecting']),
    );
    await c.stop();
  }, 40_000);

  it('signs and encrypts with Basic256Sha256, its certificate kept private', async () => {
    const { c, readings } = connector([map('flow')], {
      config: {
        endpoint_url: plant.endpointUrl,
        security_mode: 'SignAndEncrypt',
        security_policy: 'Basic256Sha256',
        sampling_interval_ms: 100,
      },
      pkiFolder: path.join(dir, 'secure-pki'),
    });
    await c.start();
    expect(c.status()).toMatchObject({ state: 'connected', last_error: null });
    await until('a flow reading', () => readings.length > 0);
    const files: string[] = [];
    const walk = (d: string) => {
      expect(fs.statSync(d).mode & 0o777).toBe(0o700);
      for (const e of fs.readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(path.join(d, e.name));
        else files.push(path.join(d, e.name));
    };
    walk(path.join(dir, 'secure-pki'));
    expect(files.some((f) => f.endsWith('.pem'))).toBe(true);
    for (const f of files) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    await c.stop();
  });

  it('shows a server that is not there as an error with the next retry', async () => {
    const { c } = connector([map('flow')], {
      config: {
        endpoint_url: 'opc.tcp://127.0.0.1:1/nothing',
        security_mode: 'None',
        security_policy: 'None',
        sampling_interval_ms: 100,
      },
    });
    await c.start();
    expect(c.status().state).toBe('error');
    expect(c.status().last_error).toMatch(/cannot connect to opc\.tcp:\/\/127\.0\.0\.1:1\/nothing/);
    await expect(c.browse()).rejects.toThrow(/cannot connect/);
    await c.stop();
  });
});
