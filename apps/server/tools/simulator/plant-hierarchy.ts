/**
 * The simulated plant as assets: the site, its areas, the lines (and rooms) the devices stand
 * in, and one machine asset per machine. Deterministic from the planned fleet, so starting the
 * server again finds the same ids.
 */
import type { PlannedDevice } from './fleet-plan';
import { SIMULATED_SITE } from './fleet-plan';

export interface PlannedAsset {
  id: string;
  name: string;
  type: string;
  parent_id: string | null;
  properties?: Record<string, string | number | boolean | null>;
  tags?: string[];
}

export const SIMULATED_SITE_ID = 'riverside';

const site: PlannedAsset = {
  id: SIMULATED_SITE_ID,
  name: SIMULATED_SITE,
  type: 'site',
  parent_id: null,
  properties: { country: 'DE', timezone: 'Europe/Berlin' },
  tags: ['simulated'],
};

const areas: PlannedAsset[] = [
  { id: 'riverside.production', name: 'Production hall', type: 'area', parent_id: site.id },
  { id: 'riverside.utilities', name: 'Utilities', type: 'area', parent_id: site.id },
  { id: 'riverside.logistics', name: 'Logistics', type: 'area', parent_id: site.id },
];

/** Where each zone of the floor plan (a device's `location.zone`) sits in the hierarchy. */
const zoneAssets: Record<string, PlannedAsset> = {
  'Assembly line A': {
    id: 'riverside.line-a',
    name: 'Assembly line A',
    type: 'line',
    parent_id: 'riverside.production',
  },
  'Assembly line B': {
    id: 'riverside.line-b',
    name: 'Assembly line B',
    type: 'line',
    parent_id: 'riverside.production',
  },
  'Pump house': {
    id: 'riverside.pump-house',
    name: 'Pump house',
    type: 'line',
    parent_id: 'riverside.utilities',
  },
  'Compressor room': {
    id: 'riverside.compressor-room',
    name: 'Compressor room',
    type: 'line',
    parent_id: 'riverside.utilities',
  },
  'Electrical room': {
    id: 'riverside.electrical-room',
    name: 'Electrical room',
    type: 'room',
    parent_id: 'riverside.utilities',
  },
  Warehouse: { id: 'riverside.warehouse', name: 'Warehouse', type: 'room', parent_id: 'riverside.logistics' },
};

const machineModels = new Set(['centrifugal_pump', 'electric_motor', 'air_compressor']);

/** The plant's assets, parents before children, and the asset each device attaches to. */
export function planHierarchy(devices: readonly PlannedDevice[]): {
  assets: PlannedAsset[];
  deviceAsset: Map<string, string>;
} {
  const assets: PlannedAsset[] = [site];
  const deviceAsset = new Map<string, string>();
  const used = new Set<string>();
  const machines: PlannedAsset[] = [];
  for (const d of devices) {
    const zone = zoneAssets[d.location.zone];
    if (!zone) continue;
    used.add(zone.id);
    if (!machineModels.has(d.model)) {
      deviceAsset.set(d.id, zone.id);
      continue;
    }
    // A machine is an asset of its own (its device is its instrumentation), named by its tag.
    const tag = d.name.split(' ').at(-1) ?? d.id;
    const machine: PlannedAsset = {
      id: `riverside.${tag.toLowerCase()}`,
      name: d.name,
      type: 'machine',
      parent_id: zone.id,
      properties: {
        manufacturer: d.manufacturer,
        model_number: d.model_number,
        installed_at: d.installed_at,
      },
      tags: d.tags.filter((t) => t === 'critical-asset'),
    };
    machines.push(machine);
    deviceAsset.set(d.id, machine.id);
  }
  const zones = Object.values(zoneAssets).filter((z) => used.has(z.id));
  assets.push(...areas.filter((a) => zones.some((z) => z.parent_id === a.id)), ...zones);
  return { assets: [...assets, ...machines], deviceAsset };
}
