import { createDeviceBodySchema } from '@dtwin/contracts/devices';
import { describe, expect, it } from 'vitest';
import { planFleet } from './fleet-plan';
import { simulatedModelIds } from './physics-registry';

const machines = ['centrifugal_pump', 'electric_motor', 'air_compressor'];

describe('planFleet', () => {
  it('is deterministic for (count, seed) and registrable as is', () => {
    const fleet = planFleet(25, 42);
    expect(planFleet(25, 42)).toEqual(fleet);
    expect(planFleet(25, 43)).not.toEqual(fleet);
    expect(fleet.map((d) => d.id)).toEqual(
      Array.from({ length: 25 }, (_, i) => `DEVICE_${String(i + 1).padStart(3, '0')}`),
    );
    for (const d of fleet)
      expect(createDeviceBodySchema.parse(d)).toMatchObject({ id: d.id, model: d.model });
    expect(new Set(fleet.map((d) => d.name)).size).toBe(25);
  });

  it.each([8, 9, 25, 100])(
    'mixes more sensors than machines, one of every model, for %i devices',
    (count) => {
      const fleet = planFleet(count, 1);
      expect(fleet).toHaveLength(count);
      const models = new Set(fleet.map((d) => d.model));
      for (const model of simulatedModelIds) expect(models).toContain(model);
      const machineCount = fleet.filter((d) => machines.includes(d.model)).length;
      expect(fleet.length - machineCount).toBeGreaterThan(machineCount);
    },
  );

  it('places devices on the floor plan grouped by zone, machines where they belong', () => {
    const fleet = planFleet(40, 3);
    const byZone = new Map<string, Array<{ x: number; y: number }>>();
    for (const d of fleet) {
      expect(d.location.site).not.toBe('');
      expect(d.location.x).toBeGreaterThanOrEqual(0);
      expect(d.location.x).toBeLessThanOrEqual(100);
      expect(d.location.y).toBeGreaterThanOrEqual(0);
      expect(d.location.y).toBeLessThanOrEqual(100);
      byZone.set(d.location.zone, [...(byZone.get(d.location.zone) ?? []), d.location]);
      if (d.model === 'centrifugal_pump') expect(d.location.zone).toBe('Pump house');
      if (d.model === 'air_compressor') expect(d.location.zone).toBe('Compressor room');
      expect(d.tags).toContain('simulated');
      expect(d.installed_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // A zone's devices sit together: their spread is far smaller than the floor.
    for (const points of byZone.values()) {
      const xs = points.map((p) => p.x);
      const ys = points.map((p) => p.y);
      expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(70);
      expect(Math.max(...ys) - Math.min(...ys)).toBeLessThan(40);
    }
    // Two devices never sit on top of each other.
    const spots = new Set(fleet.map((d) => `${Math.round(d.location.x)}:${Math.round(d.location.y)}`));
    expect(spots.size).toBe(fleet.length);
  });

  it('handles tiny and empty fleets', () => {
    expect(planFleet(0, 1)).toEqual([]);
    expect(planFleet(1, 1)).toHaveLength(1);
    expect(() => planFleet(-1, 1)).toThrow();
  });
});
