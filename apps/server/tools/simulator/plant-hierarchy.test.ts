import { describe, expect, it } from 'vitest';
import { planFleet } from './fleet-plan';
import { planHierarchy } from './plant-hierarchy';

describe('the simulated plant hierarchy', () => {
  const fleet = planFleet(25, 1);
  const { assets, deviceAsset } = planHierarchy(fleet);
  const byId = new Map(assets.map((a) => [a.id, a]));

  it('has a site, areas, lines and a machine asset per machine, parents listed first', () => {
    expect(assets[0]).toMatchObject({ id: 'riverside', type: 'site', parent_id: null });
    const types = new Set(assets.map((a) => a.type));
    expect([...types].sort()).toEqual(['area', 'line', 'machine', 'room', 'site']);
    const seen = new Set<string>();
    for (const a of assets) {
      if (a.parent_id) expect(seen.has(a.parent_id), a.id).toBe(true);
      seen.add(a.id);
    }
    expect(new Set(assets.map((a) => a.id)).size).toBe(assets.length);
    const machines = fleet.filter((d) =>
      ['centrifugal_pump', 'electric_motor', 'air_compressor'].includes(d.model),
    );
    expect(assets.filter((a) => a.type === 'machine')).toHaveLength(machines.length);
    for (const m of machines) expect(byId.get(deviceAsset.get(m.id)!)?.type).toBe('machine');
  });

  it('attaches every device where its zone is, pumps under the pump house', () => {
    expect(deviceAsset.size).toBe(fleet.length);
    for (const d of fleet) {
      let asset = byId.get(deviceAsset.get(d.id)!);
      if (asset?.type === 'machine') asset = byId.get(asset.parent_id!);
      expect(asset?.name).toBe(d.location.zone);
    }
    const pump = fleet.find((d) => d.model === 'centrifugal_pump')!;
    expect(byId.get(deviceAsset.get(pump.id)!)?.parent_id).toBe('riverside.pump-house');
  });

  it('is the same for the same fleet', () => {
    expect(planHierarchy(planFleet(25, 1)).assets).toEqual(assets);
  });
});
