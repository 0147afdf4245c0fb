import type { DeviceModel } from '@dtwin/contracts/models';
import type { PropertyValue } from '@dtwin/contracts/twin';

/** Checks desired values against the model's writable properties; returns field → reason for each bad one. */
export function checkDesired(
  model: DeviceModel,
  desired: Record<string, PropertyValue | null>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [name, value] of Object.entries(desired)) {
    const field = `desired.${name}`;
    const property = model.properties.find((p) => p.name === name);
    if (!property) {
      problems[field] = `is not a property of ${model.name}`;
      continue;
    }
    if (!property.writable) {
      problems[field] = 'is read-only';
      continue;
    }
    if (value === null) continue;
    const reason = checkValue(property, value);
    if (reason) problems[field] = reason;
  }
  return problems;
}

function checkValue(property: DeviceModel['properties'][number], value: PropertyValue): string | undefined {
  switch (property.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (property.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (property.min !== undefined && value < property.min) return `must be at least ${property.min}`;
      if (property.max !== undefined && value > property.max) return `must be at most ${property.max}`;
      return undefined;
    }
  }
}

/** Desired values the device has not reported yet. */
export function deltaOf(
  desired: Record<string, PropertyValue>,
  reported: Record<string, PropertyValue>,
): Record<string, PropertyValue> {
  return Object.fromEntries(Object.entries(desired).filter(([name, value]) => reported[name] !== value));
}
