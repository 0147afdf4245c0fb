import type { Namespace, OPCUAServer, UAVariable } from 'node-opcua';
import type { OpcuaLibrary } from '../../src/modules/connectors/opcua/opcua-library';
import { openCertificateStore } from '../../src/modules/connectors/opcua/opcua-pki';
import { hashGaussian, hashString } from './prng';

/** The metrics each simulated OPC UA pump serves (the centrifugal_pump model's names). */
export const opcuaPumpMetrics = [
  'vibration',
  'bearing_temperature',
  'discharge_pressure',
  'flow',
  'motor_current',
  'power',
  'efficiency',
] as const;

export interface OpcuaPlantOptions {
  lib: OpcuaLibrary;
  /** 0: any free port. */
  port: number;
  host?: string;
  /** The server's certificate store (under the data directory). */
  pkiFolder: string;
  /** Machine names: each becomes the folder Plant/<name> with its variables. */
  pumps: string[];
  /** How often the variables change. */
  updateMs?: number;
  seed?: number;
}

export interface OpcuaPlantServer {
  endpointUrl: string;
  port: number;
  /** The node id of a pump's variable: `ns=1;s=<pump>.<name>`. */
  nodeId(pump: string, name: string): string;
  /** The current value of a variable (tests read back what a client wrote). */
  value(pump: string, name: string): unknown;
  stop(): Promise<void>;
}

const NOMINAL_RPM = 2900;

interface PumpState {
  name: string;
  speed: number;
  setpoint: number;
  running: boolean;
  metrics: Map<string, UAVariable>;
  setpointVar?: UAVariable;
  runningVar?: UAVariable;
}

/**
 * A real OPC UA server (node-opcua) serving simulated centrifugal pumps: their readings change
 * every `updateMs` with fresh source timestamps, and `speed_setpoint_rpm` (Int32) and `running`
 * (Boolean) are writable, so a client's writes change the physics (affinity laws: flow ∝ speed,
 * head ∝ speed², power ∝ speed³).
 */
export async function startOpcuaPlantServer(options: OpcuaPlantOptions): Promise<OpcuaPlantServer> {
  const { lib, updateMs = 1000, seed = 1 } = options;
  const certificates = await openCertificateStore(lib, options.pkiFolder, { acceptUnknown: true });
  const server: OPCUAServer = new lib.OPCUAServer({
    port: options.port,
    hostname: options.host,
    resourcePath: '/dtwin-plant',
    serverCertificateManager: certificates,
    nodeset_filename: [lib.nodesets.standard],
    buildInfo: { productName: 'dtwin simulated plant', manufacturerName: 'dtwin' },
    allowAnonymous: true,
    securityModes: [
      lib.MessageSecurityMode.None,
      lib.MessageSecurityMode.Sign,
      lib.MessageSecurityMode.SignAndEncrypt,
    ],
    securityPolicies: [lib.SecurityPolicy.None, lib.SecurityPolicy.Basic256Sha256],
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace!;
  const ns = addressSpace.getOwnNamespace();
  const plant = ns.addFolder(addressSpace.rootFolder.objects, { browseName: 'Plant', nodeId: 's=Plant' });
  const pumps = options.pumps.map((name) => addPump(lib, ns, plant, name));

  let tick = 0;
  const update = () => {
    tick += 1;
    const now = new Date();
    for (const pump of pumps) step(lib, pump, tick, updateMs, seed, now);
  };
  update();
  const timer = setInterval(update, updateMs);
  await server.start();
  const port = server.endpoints[0]!.port;
  const endpointUrl = `opc.tcp://${options.host ?? '127.0.0.1'}:${port}/dtwin-plant`;

  const variable = (pump: string, name: string) => {
    const p = pumps.find((x) => x.name === pump);
    if (name === 'speed_setpoint_rpm') return p?.setpointVar;
    if (name === 'running') return p?.runningVar;
    return p?.metrics.get(name);
  };
  return {
    endpointUrl,
    port,
    nodeId: (pump, name) => `ns=${ns.index};s=${pump}.${name}`,
    value: (pump, name) => variable(pump, name)?.readValue().value.value,
    async stop() {
      clearInterval(timer);
      await server.shutdown(0);
    },
  };
}

function addPump(
  lib: OpcuaLibrary,
  ns: Namespace,
  plant: Parameters<Namespace['addObject']>[0]['organizedBy'],
  name: string,
): PumpState {
  const { DataType, Variant } = lib;
  const folder = ns.addObject({ organizedBy: plant, browseName: name, nodeId: `s=${name}` });
  const state: PumpState = {
    name,
    speed: NOMINAL_RPM,
    setpoint: NOMINAL_RPM,
    running: true,
    metrics: new Map(),
  };
  for (const metric of opcuaPumpMetrics)
    state.metrics.set(
      metric,
      ns.addVariable({
        componentOf: folder,
        browseName: metric,
        nodeId: `s=${name}.${metric}`,
        dataType: 'Double',
        accessLevel: 'CurrentRead',
        userAccessLevel: 'CurrentRead',
        minimumSamplingInterval: 100,
        value: new Variant({ dataType: DataType.Double, value: 0 }),
      }),
    );
  // Writable setpoints: a write changes the state the physics reads.
  state.setpointVar = ns.addVariable({
    componentOf: folder,
    browseName: 'speed_setpoint_rpm',
    nodeId: `s=${name}.speed_setpoint_rpm`,
    dataType: 'Int32',
    accessLevel: 'CurrentRead | CurrentWrite',
    userAccessLevel: 'CurrentRead | CurrentWrite',
    minimumSamplingInterval: 100,
    value: new Variant({ dataType: DataType.Int32, value: NOMINAL_RPM }),
  });
  state.setpointVar.on('value_changed', (dv) => {
    const v = Number(dv.value.value);
    if (Number.isFinite(v)) state.setpoint = Math.max(0, Math.min(3000, v));
  });
  state.runningVar = ns.addVariable({
    componentOf: folder,
    browseName: 'running',
    nodeId: `s=${name}.running`,
    dataType: 'Boolean',
    accessLevel: 'CurrentRead | CurrentWrite',
    userAccessLevel: 'CurrentRead | CurrentWrite',
    minimumSamplingInterval: 100,
    value: new Variant({ dataType: DataType.Boolean, value: true }),
  });
  state.runningVar.on('value_changed', (dv) => {
    state.running = dv.value.value === true;
  });
  return state;
}

/** One physics step: the speed follows its setpoint, the readings follow the speed, with noise. */
function step(
  lib: OpcuaLibrary,
  pump: PumpState,
  tick: number,
  updateMs: number,
  seed: number,
  now: Date,
): void {
  const target = pump.running ? pump.setpoint : 0;
  pump.speed += (target - pump.speed) * Math.min(1, updateMs / 3000);
  const n = pump.speed / NOMINAL_RPM;
  const channel = hashString(pump.name);
  const noise = (k: number, sd: number) => 1 + sd * hashGaussian(seed, channel, k, tick);
  const flow = 62 * n * noise(1, 0.01);
  const pressure = 6.2 * n * n * noise(2, 0.01);
  const efficiency = n > 0.05 ? 80 * noise(3, 0.005) : 0;
  const hydraulicKw = ((flow / 3600) * pressure * 1e5) / 1000;
  const power = efficiency > 0 ? hydraulicKw / (efficiency / 100) / 0.93 : 0;
  const current = (power * 1000) / (Math.sqrt(3) * 400 * 0.88);
  const values: Record<(typeof opcuaPumpMetrics)[number], number> = {
    vibration: (0.4 + 1.0 * n) * noise(4, 0.02),
    bearing_temperature: 25 + 22 * n * noise(5, 0.005),
    discharge_pressure: pressure,
    flow,
    motor_current: current,
    power,
    efficiency,
  };
  for (const [metric, variable] of pump.metrics) {
    const value = Math.round(values[metric as keyof typeof values] * 1000) / 1000;
    variable.setValueFromSource(
      new lib.Variant({ dataType: lib.DataType.Double, value }),
      lib.StatusCodes.Good,
      now,
    );
  }
}
