import fs from 'node:fs';
import path from 'node:path';
import type { AssetTree } from '@dtwin/contracts/assets';
import { createDeviceEventBodySchema } from '@dtwin/contracts/device-events';
import type { Container } from '../container';
import {
  fleetCredentialsSchema,
  readFleetCredentials,
  type FleetCredentials,
} from '../../tools/simulator/credentials-file';
import { planFleet, type PlannedDevice } from '../../tools/simulator/fleet-plan';
import { planComputedMetrics, planDeviceComputedMetrics } from '../../tools/simulator/plant-computed-metrics';
import { planHierarchy } from '../../tools/simulator/plant-hierarchy';
import type { FleetDevice } from '../../tools/simulator/fleet-runner';
import type { LifecycleEvent } from '../../tools/simulator/lifecycle-watch';

const actor = { username: 'simulator', ip: null };

/**
 * The simulated plant of `npm start`; the one place the product code starts the simulator (tools/).
 * It runs on the server's clock, and its machines' failures and repairs go to their maintenance log.
 */
export async function startSimulatedPlant(
  c: Pick<
    Container,
    | 'config'
    | 'devices'
    | 'assets'
    | 'computedMetrics'
    | 'deviceComputedMetrics'
    | 'deviceEvents'
    | 'clock'
    | 'logger'
  >,
  mqttPort: number,
): Promise<{ stop(): Promise<void> }> {
  const devices = await ensureSimulatedFleet(c);
  await ensureSimulatedComputedMetrics(c);
  const maintenanceLog = createSimulatedMaintenanceLog(c);
  // The fleet's MQTT client (mqtt.js) loads only when there is a simulated fleet.
  const { startFleet } = await import('../../tools/simulator/fleet-runner');
  const fleet = startFleet({
    brokerUrl: `mqtt://127.0.0.1:${mqttPort}`,
    devices,
    seed: c.config.simulator.seed,
    timeScale: c.config.simulator.timeScale,
    clock: c.clock,
    logger: c.logger,
    onLifecycle: maintenanceLog.record,
  });
  c.logger.info({ devices: devices.length, seed: c.config.simulator.seed }, 'simulated fleet started');
  return {
    async stop() {
      await fleet.stop();
      await maintenanceLog.flush();
    },
  };
}

/**
 * Makes sure the simulated plant's devices are registered, like an integrator would, and keeps
 * their tokens in DATA_DIR/simulator-credentials.json (mode 0600): the server itself stores only
 * hashes. A device whose token is lost gets a new one.
 */
export async function ensureSimulatedFleet({
  config,
  devices,
  assets,
}: Pick<Container, 'config' | 'devices' | 'assets'>): Promise<FleetDevice[]> {
  const file = path.join(config.dataDir, 'simulator-credentials.json');
  const known = new Map((fs.existsSync(file) ? readFleetCredentials(file) : []).map((d) => [d.id, d]));
  const fleet: FleetDevice[] = [];
  let changed = false;
  const plan = planFleet(config.simulator.devices, config.simulator.seed);
  const deviceAsset = await ensureSimulatedHierarchy(assets, plan);
  const migrated = await assets.tree(MIGRATED_SITE_ID).catch(() => null);
  const migratedIds = new Set(migrated ? nodesOf(migrated).map((n) => n.id) : []);

  for (const planned of plan) {
    const current = await devices.get(planned.id).catch(() => undefined);
    const exists = current !== undefined;
    const assetId = deviceAsset.get(planned.id);
    if (current && assetId && (current.asset_id === null || migratedIds.has(current.asset_id)))
      await devices.update(planned.id, { asset_id: assetId }, actor);
    const saved = known.get(planned.id);
    if (exists && saved?.token) {
      fleet.push(saved);
      continue;
    }
    const token = exists
      ? await devices.rotateCredentials(planned.id, actor)
      : (await devices.create({ ...planned, ...(assetId ? { asset_id: assetId } : {}) }, actor)).token;
    fleet.push({ id: planned.id, model: planned.model, token });
    changed = true;
  }

  if (migrated) await removeEmptied(assets, migrated);

  if (changed) {
    const body: FleetCredentials = fleetCredentialsSchema.parse({ devices: fleet });
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(body, null, 2), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }
  return fleet;
}

/**
 * What migration 014 made of the simulated site's name ('Riverside plant') in a database the
 * simulator filled before there were assets: a second plant beside the one planned here. Its
 * simulated devices move to their planned assets, and its site and areas go once empty.
 */
const MIGRATED_SITE_ID = 'site-Riverside-plant';

const nodesOf = (tree: AssetTree): AssetTree[] => [tree, ...tree.children.flatMap(nodesOf)];

/** Children first; an asset that still holds anything (someone's device or asset) stays. */
async function removeEmptied(assets: Container['assets'], tree: AssetTree): Promise<void> {
  for (const child of tree.children) await removeEmptied(assets, child);
  if (tree.type !== 'site' && tree.type !== 'area') return;
  await assets.remove(tree.id, { detach: false }, actor).catch(() => undefined);
}

/**
 * The plant's hierarchy (site, areas, lines, machines): assets missing are created, existing
 * ones are left as people changed them. Returns where each planned device belongs; a device
 * already registered is attached there only while it has no asset.
 */
async function ensureSimulatedHierarchy(
  assets: Container['assets'],
  plan: PlannedDevice[],
): Promise<Map<string, string>> {
  const { assets: planned, deviceAsset } = planHierarchy(plan);
  const present = new Set<string>();
  for (const a of planned) {
    const exists = await assets.get(a.id).then(
      () => true,
      () => false,
    );
    if (!exists && (a.parent_id === null || present.has(a.parent_id))) await assets.create(a, actor);
    present.add(a.id);
  }
  return deviceAsset;
}

/**
 * The plant's computed metrics (each line's total power, flow and energy per unit of flow…,
 * each pump's specific energy): missing ones are created; ones people deleted or changed are
 * not brought back while the asset or device has any computed metric already.
 */
async function ensureSimulatedComputedMetrics({
  config,
  computedMetrics,
  deviceComputedMetrics,
  logger,
}: Pick<Container, 'config' | 'computedMetrics' | 'deviceComputedMetrics' | 'logger'>): Promise<void> {
  const plan = planFleet(config.simulator.devices, config.simulator.seed);
  const { assets, deviceAsset } = planHierarchy(plan);
  const seen = new Map<string, boolean>();
  for (const m of planComputedMetrics(assets, plan, deviceAsset)) {
    try {
      if (!seen.has(m.assetId)) seen.set(m.assetId, (await computedMetrics.list(m.assetId)).length === 0);
      if (!seen.get(m.assetId)) continue;
      await computedMetrics.create(
        m.assetId,
        { name: m.name, unit: m.unit, expression: m.expression },
        actor,
      );
    } catch (err) {
      // An asset someone deleted or moved: the rest of the plant still gets its metrics.
      logger.warn({ err, asset: m.assetId, metric: m.name }, 'could not define a simulated computed metric');
    }
  }
  for (const m of planDeviceComputedMetrics(plan)) {
    try {
      if ((await deviceComputedMetrics.list(m.deviceId)).length > 0) continue;
      await deviceComputedMetrics.create(
        m.deviceId,
        { name: m.name, unit: m.unit, expression: m.expression },
        actor,
      );
    } catch (err) {
      logger.warn(
        { err, device: m.deviceId, metric: m.name },
        'could not define a simulated computed metric',
      );
    }
  }
}

/** Events waiting to be written; beyond this the oldest are dropped (and logged). */
const MAX_PENDING_EVENTS = 1000;

/**
 * The simulated plant's maintenance log: each failure (with its failure mode) and repair of a
 * simulated machine is recorded through the maintenance log service, as actor `simulator` and
 * audited like any event. One write at a time; a refused write is logged, never thrown into the
 * simulator.
 */
function createSimulatedMaintenanceLog({ deviceEvents, logger }: Pick<Container, 'deviceEvents' | 'logger'>) {
  const pending: LifecycleEvent[] = [];
  let writing: Promise<void> | null = null;

  async function write(e: LifecycleEvent) {
    try {
      const body = createDeviceEventBodySchema.parse({
        type: e.type,
        ts: new Date(e.ts).toISOString(),
        ...(e.type === 'failure' && e.failureMode ? { failure_mode: e.failureMode } : {}),
        notes: 'recorded by the simulated plant',
      });
      await deviceEvents.record(e.deviceId, body, actor);
    } catch (err) {
      logger.warn(
        { device: e.deviceId, type: e.type, error: (err as Error).message },
        'simulated plant: maintenance event refused',
      );
    }
  }

  async function drain() {
    for (let e = pending.shift(); e; e = pending.shift()) await write(e);
    writing = null;
  }

  return {
    record(e: LifecycleEvent): void {
      if (pending.length >= MAX_PENDING_EVENTS) {
        const dropped = pending.shift();
        logger.warn(
          { device: dropped?.deviceId },
          'simulated plant: too many maintenance events pending; dropped the oldest',
        );
      }
      pending.push(e);
      writing ??= drain();
    },
    /** Resolves when everything recorded so far was written (or refused). */
    flush: async () => {
      while (writing) await writing;
    },
  };
}
