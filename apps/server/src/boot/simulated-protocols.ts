import crypto from 'node:crypto';
import type { ConnectorMapping, CreateConnectorBody } from '@dtwin/contracts/connectors';
import type { Container } from '../container';
import {
  plantModbusLayout as L,
  plantSparkplug as S,
  startProtocolPlant,
} from '../../tools/simulator/protocol-plant';

const actor = { username: 'simulator', ip: null };
const PUMP = 'PLC_PUMP_1';
const MOTOR = 'SPB_MOTOR_1';

const modbusMappings: ConnectorMapping[] = [
  { device_id: PUMP, metric: 'flow', source: { register: 'holding', address: L.flow }, scale: 0.1 },
  {
    device_id: PUMP,
    metric: 'discharge_pressure',
    source: { register: 'holding', address: L.dischargePressure, type: 'float32' },
  },
  {
    device_id: PUMP,
    metric: 'bearing_temperature',
    source: { register: 'holding', address: L.bearingTemperature, type: 'float32' },
  },
  {
    device_id: PUMP,
    metric: 'motor_current',
    source: { register: 'input', address: L.motorCurrent },
    scale: 0.1,
  },
  { device_id: PUMP, metric: 'vibration', source: { register: 'input', address: L.vibration }, scale: 0.01 },
  {
    device_id: PUMP,
    metric: 'speed_setpoint_rpm',
    source: { register: 'holding', address: L.speedSetpoint },
  },
  { device_id: PUMP, metric: 'running', source: { register: 'coil', address: L.running } },
];

const sparkplugMappings: ConnectorMapping[] = [
  ['speed', 'Speed'],
  ['current', 'Current'],
  ['winding_temperature', 'Winding Temperature'],
  ['vibration', 'Vibration'],
  ['voltage', 'Voltage'],
  ['power', 'Power'],
  ['speed_setpoint_rpm', 'Speed SP'],
].map(([metric, name]) => ({
  device_id: MOTOR,
  metric: metric!,
  source: { edge_node: S.edgeNode, device: S.device, metric: name! },
}));

/**
 * The simulated plant's machines on plant protocols (SIMULATOR_PROTOCOLS): a pump behind a real
 * Modbus TCP server and a motor behind a Sparkplug B edge node on the embedded broker, with their
 * devices and connectors set up as an integrator would (connectors `sim-modbus`, `sim-sparkplug`).
 */
export async function startSimulatedProtocols(
  c: Pick<Container, 'devices' | 'connectors' | 'connectorRuntime' | 'logger'>,
  mqttPort: number,
): Promise<{ stop(): Promise<void> }> {
  for (const [id, model, name] of [
    [PUMP, 'centrifugal_pump', 'Pump on Modbus TCP'],
    [MOTOR, 'electric_motor', 'Motor on Sparkplug B'],
  ] as const) {
    const exists = await c.devices.get(id).then(
      () => true,
      () => false,
    );
    if (!exists)
      await c.devices.create(
        { id, model, name, location: { site: 'Plant', zone: 'Line 2', x: null, y: null } },
        actor,
      );
  }
  // A new edge-node password every start: nothing to keep on disk.
  const edge = { username: 'sim-edge-node', password: crypto.randomBytes(18).toString('base64url') };
  await upsert(c, {
    id: 'sim-sparkplug',
    type: 'sparkplug_b',
    enabled: true,
    config: { broker: 'embedded', group_id: S.group, ...edge, auto_map: true },
    mappings: sparkplugMappings,
  });
  await c.connectorRuntime.settled();
  const plant = await startProtocolPlant({ mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, edge });
  await upsert(c, {
    id: 'sim-modbus',
    type: 'modbus_tcp',
    enabled: true,
    config: {
      host: plant.modbusHost,
      port: plant.modbusPort,
      unit_id: L.unitId,
      poll_interval_ms: 1000,
      timeout_ms: 2000,
    },
    mappings: modbusMappings,
  });
  c.logger.info(
    { modbusPort: plant.modbusPort, sparkplugGroup: S.group },
    'simulated Modbus TCP and Sparkplug B machines started',
  );
  return { stop: () => plant.stop() };
}

async function upsert(
  c: Pick<Container, 'connectors'>,
  body: Omit<CreateConnectorBody, 'mappings'> & { mappings: ConnectorMapping[] },
): Promise<void> {
  const exists = await c.connectors.get(body.id).then(
    () => true,
    () => false,
  );
  if (!exists) await c.connectors.create(body as CreateConnectorBody, actor);
  else await c.connectors.update(body.id, { config: body.config, mappings: body.mappings }, actor);
}
