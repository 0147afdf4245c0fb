import fs from 'node:fs';
import path from 'node:path';
import type { Container } from '../container';
import {
  fleetCredentialsSchema,
  readFleetCredentials,
  type FleetCredentials,
} from '../../tools/simulator/credentials-file';
import { planFleet } from '../../tools/simulator/fleet-plan';
import { startFleet, type FleetDevice } from '../../tools/simulator/fleet-runner';

const actor = { username: 'simulator', ip: null };

/** The simulated plant of `npm start`; the one place the product code starts the simulator (tools/). */
export async function startSimulatedPlant(
  c: Pick<Container, 'config' | 'devices' | 'logger'>,
  mqttPort: number,
): Promise<{ stop(): Promise<void> }> {
  const devices = await ensureSimulatedFleet(c);
  const fleet = startFleet({
    brokerUrl: `mqtt://127.0.0.1:${mqttPort}`,
    devices,
    seed: c.config.simulator.seed,
    timeScale: c.config.simulator.timeScale,
    logger: c.logger,
  });
  c.logger.info({ devices: devices.length, seed: c.config.simulator.seed }, 'simulated fleet started');
  return fleet;
}

/**
 * Makes sure the simulated plant's devices are registered, like an integrator would, and keeps
 * their tokens in DATA_DIR/simulator-credentials.json (mode 0600): the server itself stores only
 * hashes. A device whose token is lost gets a new one.
 */
export async function ensureSimulatedFleet({
  config,
  devices,
}: Pick<Container, 'config' | 'devices'>): Promise<FleetDevice[]> {
  const file = path.join(config.dataDir, 'simulator-credentials.json');
  const known = new Map((fs.existsSync(file) ? readFleetCredentials(file) : []).map((d) => [d.id, d]));
  const fleet: FleetDevice[] = [];
  let changed = false;

  for (const planned of planFleet(config.simulator.devices, config.simulator.seed)) {
    const exists = await devices.get(planned.id).then(
      () => true,
      () => false,
    );
    const saved = known.get(planned.id);
    if (exists && saved?.token) {
      fleet.push(saved);
      continue;
    }
    const token = exists
      ? await devices.rotateCredentials(planned.id, actor)
      : (await devices.create(planned, actor)).token;
    fleet.push({ id: planned.id, model: planned.model, token });
    changed = true;
  }

  if (changed) {
    const body: FleetCredentials = fleetCredentialsSchema.parse({ devices: fleet });
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(body, null, 2), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }
  return fleet;
}
