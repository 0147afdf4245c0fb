import fs from 'node:fs';
import path from 'node:path';
import type { Container } from '../container';
import {
  fleetCredentialsSchema,
  readFleetCredentials,
  type FleetCredentials,
} from '../simulator/credentials-file';
import { planFleet } from '../simulator/fleet-plan';
import type { FleetDevice } from '../simulator/fleet-runner';

const actor = { username: 'simulator', ip: null };

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
