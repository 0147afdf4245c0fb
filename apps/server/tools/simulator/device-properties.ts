import type { DeviceModel } from '@dtwin/contracts/models';
import type { PropertyValue } from '@dtwin/contracts/twin';

/** A new device's properties: the model's defaults for every writable property. */
export function defaultProperties(model: DeviceModel): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const p of model.properties) if (p.default !== undefined) out[p.name] = p.default;
  return out;
}

/**
 * What a careful device does with a desired document: applies the writable properties it knows,
 * clamps numbers into their range, ignores wrong types and unknown names (the twin keeps showing
 * them as a delta), and answers with the values now in force.
 */
export function applyProperties(
  model: DeviceModel,
  current: Readonly<Record<string, PropertyValue>>,
  desired: Readonly<Record<string, unknown>>,
): { next: Record<string, PropertyValue>; applied: Record<string, PropertyValue> } {
  const next = { ...current };
  const applied: Record<string, PropertyValue> = {};
  for (const [name, raw] of Object.entries(desired)) {
    const def = model.properties.find((p) => p.name === name && p.writable);
    if (!def) continue;
    let value: PropertyValue | undefined;
    if (
      (def.type === 'number' || def.type === 'integer') &&
      typeof raw === 'number' &&
      Number.isFinite(raw)
    ) {
      let n = def.type === 'integer' ? Math.round(raw) : raw;
      if (def.min !== undefined) n = Math.max(def.min, n);
      if (def.max !== undefined) n = Math.min(def.max, n);
      value = n;
    } else if (def.type === 'boolean' && typeof raw === 'boolean') {
      value = raw;
    } else if (def.type === 'string' && typeof raw === 'string') {
      value = raw.slice(0, 256);
    }
    if (value === undefined) continue;
    next[name] = value;
    applied[name] = value;
  }
  return { next, applied };
}
