/**
 * The simulated plant's computed metrics: each machine's power (and flow where it pumps or
 * compresses), each line's total power, its total flow and energy per unit of flow, and each
 * area's and the site's total power. Only machines are summed: the lines' power meters report
 * in W and the machines in kW, so they are never added together.
 */
import type { PlannedAsset } from './plant-hierarchy';
import type { PlannedDevice } from './fleet-plan';

export interface PlannedMetric {
  assetId: string;
  name: string;
  unit: string;
  expression: string;
}

/** What a machine model measures of flow, in the unit its model gives; none for motors. */
const flowUnit: Record<string, string | undefined> = {
  centrifugal_pump: 'm³/h',
  air_compressor: 'm³/min',
};

/** Children before parents, so that every `children.<metric>` names a metric already defined. */
export function planComputedMetrics(
  assets: readonly PlannedAsset[],
  devices: readonly PlannedDevice[],
  deviceAsset: ReadonlyMap<string, string>,
): PlannedMetric[] {
  const modelOf = new Map<string, string>();
  for (const d of devices) {
    const assetId = deviceAsset.get(d.id);
    if (assetId) modelOf.set(assetId, d.model);
  }
  const byType = (type: string) => assets.filter((a) => a.type === type);
  const out: PlannedMetric[] = [];
  const lineFlow = new Map<string, string>();
  const powered = new Set<string>();

  for (const machine of byType('machine')) {
    out.push({ assetId: machine.id, name: 'power', unit: 'kW', expression: 'sum(devices.power)' });
    powered.add(machine.id);
    const unit = flowUnit[modelOf.get(machine.id) ?? ''];
    if (!unit || !machine.parent_id) continue;
    out.push({ assetId: machine.id, name: 'flow', unit, expression: 'sum(devices.flow)' });
    lineFlow.set(machine.parent_id, unit);
  }
  const parentsOf = (ids: Set<string>) =>
    new Set(assets.filter((a) => ids.has(a.id) && a.parent_id).map((a) => a.parent_id as string));

  const lines = parentsOf(powered);
  for (const lineId of lines) {
    out.push({ assetId: lineId, name: 'total_power', unit: 'kW', expression: 'sum(children.power)' });
    const unit = lineFlow.get(lineId);
    if (!unit) continue;
    out.push({ assetId: lineId, name: 'total_flow', unit, expression: 'sum(children.flow)' });
    out.push({
      assetId: lineId,
      name: 'energy_per_flow',
      unit: unit === 'm³/h' ? 'kWh/m³' : 'kW per m³/min',
      expression: 'total_power / total_flow',
    });
  }
  // Areas, then the site: each sums its children's totals.
  let level = lines;
  while (level.size > 0) {
    const up = parentsOf(level);
    for (const id of up)
      out.push({ assetId: id, name: 'total_power', unit: 'kW', expression: 'sum(children.total_power)' });
    level = up;
  }
  return out;
}

/** A computed metric of one device (an expression over its own metrics). */
export interface PlannedDeviceMetric {
  deviceId: string;
  name: string;
  unit: string;
  expression: string;
}

/** Each pump's specific energy: the energy it spends per cubic metre it moves. */
export function planDeviceComputedMetrics(devices: readonly PlannedDevice[]): PlannedDeviceMetric[] {
  return devices
    .filter((d) => d.model === 'centrifugal_pump')
    .map((d) => ({ deviceId: d.id, name: 'specific_energy', unit: 'kWh/m³', expression: 'power / flow' }));
}
