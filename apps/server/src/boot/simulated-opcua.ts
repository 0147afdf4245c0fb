import path from 'node:path';
import type { Container } from '../container';
import { SIMULATED_SITE } from '../../tools/simulator/fleet-plan';
import { opcuaPumpMetrics, startOpcuaPlantServer } from '../../tools/simulator/opcua-plant-server';

const actor = { username: 'simulator', ip: null };
export const SIMULATED_OPCUA_CONNECTOR = 'sim-opcua';
/** The simulated plant's machines served over OPC UA (not MQTT): two centrifugal pumps. */
export const SIMULATED_OPCUA_PUMPS = ['OPCUA_PUMP_01', 'OPCUA_PUMP_02'];

/**
 * Part of the simulated plant of `npm start`: a real OPC UA server (node-opcua) on a free port of
 * 127.0.0.1 serving two pumps, and the connector `sim-opcua` reading them, so a newcomer sees OPC UA
 * live. The connector is created once; afterwards only its endpoint follows the server's port (an
 * admin's mappings and an admin's disabling are kept).
 */
export async function startSimulatedOpcuaPlant(
  c: Pick<Container, 'config' | 'devices' | 'connectors' | 'opcuaLoader' | 'logger'>,
): Promise<{ stop(): Promise<void> }> {
  const { config, logger } = c;
  const lib = await c.opcuaLoader.load();
  for (const [i, id] of SIMULATED_OPCUA_PUMPS.entries()) {
    const exists = await c.devices.get(id).then(
      () => true,
      () => false,
    );
    if (!exists)
      await c.devices.create(
        {
          id,
          name: `OPC UA pump P-${301 + i}`,
          model: 'centrifugal_pump',
          location: { site: SIMULATED_SITE, zone: 'Pump house', x: 8 + i * 6, y: 34 },
          manufacturer: 'Simulated PLC (OPC UA)',
          tags: ['opcua', 'simulated'],
        },
        actor,
      );
  }
  const server = await startOpcuaPlantServer({
    lib,
    port: config.simulator.opcuaPort,
    host: '127.0.0.1',
    pkiFolder: path.join(config.dataDir, 'opcua', 'plant-pki'),
    pumps: SIMULATED_OPCUA_PUMPS,
    seed: config.simulator.seed,
  });
  const endpoint = server.endpointUrl;
  const existing = await c.connectors.get(SIMULATED_OPCUA_CONNECTOR).catch(() => undefined);
  if (!existing) {
    const mappings = SIMULATED_OPCUA_PUMPS.flatMap((pump) =>
      [...opcuaPumpMetrics, 'speed_setpoint_rpm', 'running'].map((metric) => ({
        device_id: pump,
        metric,
        source: { node_id: server.nodeId(pump, metric) },
      })),
    );
    await c.connectors.create(
      {
        id: SIMULATED_OPCUA_CONNECTOR,
        type: 'opcua',
        enabled: true,
        config: {
          endpoint_url: endpoint,
          security_mode: 'None',
          security_policy: 'None',
          sampling_interval_ms: 1000,
        },
        mappings,
      },
      actor,
    );
  } else if (existing.config.endpoint_url !== endpoint)
    await c.connectors.update(
      SIMULATED_OPCUA_CONNECTOR,
      { config: { ...existing.config, endpoint_url: endpoint } },
      actor,
    );
  logger.info({ endpoint, pumps: SIMULATED_OPCUA_PUMPS.length }, 'simulated OPC UA server listening');
  return { stop: () => server.stop() };
}
