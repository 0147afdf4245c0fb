import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpcuaConfig } from '@dtwin/contracts/connectors-opcua';
import { createLogger } from '../src/lib/logger';
import { loadOpcua, type OpcuaLibrary } from '../src/modules/connectors/opcua/opcua-library';
import {
  openOpcuaSession,
  type OpcuaLiveSession,
  type OpcuaMapping,
  type OpcuaValue,
} from '../src/modules/connectors/opcua/opcua-session';
import { startOpcuaPlantServer, type OpcuaPlantServer } from '../tools/simulator/opcua-plant-server';
import { until } from './support/until';

const logger = createLogger({ level: 'silent' });
let lib: OpcuaLibrary;
let dir: string;
let plant: OpcuaPlantServer;
const open: OpcuaLiveSession[] = [];

const startPlant = (port = 0) =>
  startOpcuaPlantServer({
    lib,
    port,
    pkiFolder: path.join(dir, 'plant-pki'),
    pumps: ['PUMP_A', 'PUMP_B'],
    updateMs: 200,
  });

async function connect(mappings: OpcuaMapping[], config: Partial<OpcuaConfig> = {}, pki = 'client-pki') {
  const seen = {
    values: [] as OpcuaValue[],
    errors: new Map<string, string>(),
    lost: [] as Error[],
    rejected: 0,
  };
  const session = await openOpcuaSession({
    lib,
    config: {
      endpoint_url: plant.endpointUrl,
      security_mode: 'None',
      security_policy: 'None',
      sampling_interval_ms: 100,
      ...config,
    },
    mappings,
    pkiFolder: path.join(dir, pki),
    logger,
    deliver: (values) => seen.values.push(...values),
    lost: (err) => seen.lost.push(err),
    mappingError: (m, error) =>
      error === null ? seen.errors.delete(m.metric) : seen.errors.set(m.metric, error),
    rejected: (count) => (seen.rejected += count),
  });
  open.push(session);
  return { session, seen, of: (metric: string) => seen.values.filter((v) => v.mapping.metric === metric) };
}

const map = (metric: string, pump = 'PUMP_A'): OpcuaMapping => ({
  device_id: `OPC_${pump}`,
  metric,
  source: { node_id: plant.nodeId(pump, metric) },
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-opcua-'));
  lib = await loadOpcua(logger);
  plant = await startPlant();
}, 60_000);

afterAll(async () => {
  for (const s of open) await s.close();
  await plant.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('OPC UA session against a node-opcua server', () => {
  it('delivers changing values by subscription, each with the server’s source timestamp', async () => {
    const { session, of } = await connect([map('flow'), map('discharge_pressure', 'PUMP_B')]);
    const flows = await until('three flow values', () => of('flow').length >= 3 && of('flow'));
    const last = flows.at(-1)!;
    // A value changed at the source arrives well within a second.
    expect(Date.now() - last.ts).toBeLessThan(1000);
    expect(last.value).toBeGreaterThan(50);
    expect(new Set(flows.map((v) => v.ts)).size).toBe(flows.length);
    const pressure = await until('a pressure value', () => of('discharge_pressure')[0]);
    expect(pressure.value).toBeGreaterThan(5);
    expect(pressure.mapping.device_id).toBe('OPC_PUMP_B');
    await session.close();
  });

  it('names an unknown node as a mapping error and keeps reading the others', async () => {
    const { session, seen, of } = await connect([
      map('flow'),
      { device_id: 'OPC_PUMP_A', metric: 'power', source: { node_id: 'ns=1;s=PUMP_A.no_such_variable' } },
    ]);
    expect(seen.errors.get('power')).toBe(
      'ns=1;s=PUMP_A.no_such_variable: BadNodeIdUnknown (the server has no node with this id)',
    );
    expect(seen.errors.has('flow')).toBe(false);
    await until('a flow value', () => of('flow')[0]);
    const read = await session.testRead();
    expect(read[0]).toMatchObject({ metric: 'flow', error: null });
    expect(typeof read[0]!.value).toBe('number');
    expect(read[1]).toMatchObject({
      metric: 'power',
      value: null,
      error: expect.stringContaining('BadNodeIdUnknown'),
    });
    await session.close();
  });

  it('browses the plant: folders, then variables with their type and whether they are writable', async () => {
    const { session } = await connect([]);
    const objects = await session.browse();
    const plantNode = objects.items.find((i) => i.browse_name === '1:Plant')!;
    expect(plantNode).toMatchObject({ node_class: 'Object', node_id: 'ns=1;s=Plant' });
    const pumps = await session.browse(plantNode.node_id);
    expect(pumps.items.map((i) => i.display_name)).toEqual(['PUMP_A', 'PUMP_B']);
    const vars = await session.browse(pumps.items[0]!.node_id);
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
    expect(byName.get('running')).toMatchObject({ data_type: 'Boolean', writable: true });
    await expect(session.browse('ns=1;s=Nowhere')).rejects.toThrow(/BadNodeIdUnknown/);
    await session.close();
  });

  it('writes to a mapped variable, typed as the variable is, and the read-back follows', async () => {
    const setpoint = map('speed_setpoint_rpm', 'PUMP_B');
    const running = map('running', 'PUMP_B');
    const { session, of } = await connect([setpoint, running, map('flow', 'PUMP_B')]);
    await until('the initial setpoint', () => of('speed_setpoint_rpm').find((v) => v.value === 2900));
    await session.write(setpoint, 1450.4);
    expect(plant.value('PUMP_B', 'speed_setpoint_rpm')).toBe(1450);
    await until('the setpoint read back', () => of('speed_setpoint_rpm').find((v) => v.value === 1450));
    // The pump slows down: flow follows the speed.
    await until('flow under 45', () => of('flow').find((v) => (v.value as number) < 45));
    await session.write(running, false);
    await until('running read back', () => of('running').find((v) => v.value === false));
    await expect(session.write(map('flow', 'PUMP_B'), 3)).rejects.toThrow(/BadNotWritable/);
    await session.close();
  });

  it('reports a stopped server as lost once, and a restarted one serves a new session', async () => {
    const { seen, of } = await connect([map('flow')]);
    await until('a flow value', () => of('flow')[0]);
    const port = plant.port;
    await plant.stop();
    await until('the loss', () => seen.lost.length > 0);
    await expect(connect([map('flow')])).rejects.toThrow();
    plant = await startPlant(port);
    const again = await connect([map('flow')]);
    await until('values again', () => again.of('flow').length > 1);
    expect(seen.lost).toHaveLength(1);
    await again.session.close();
  }, 40_000);

  it('signs and encrypts with Basic256Sha256, its certificate kept private', async () => {
    const { session, of } = await connect(
      [map('flow')],
      { security_mode: 'SignAndEncrypt', security_policy: 'Basic256Sha256' },
      'secure-pki',
    );
    await until('a flow value', () => of('flow')[0]);
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
    await session.close();
  });
});
