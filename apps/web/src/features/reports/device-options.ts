import type { Device } from '@dtwin/contracts/devices';
import type { SelectOption } from '../../components/Select';

/** Every device as "Name (ID)", after a first option for all of them (its value is empty). */
export function deviceOptions(devices: readonly Device[], all: string): SelectOption[] {
  return [{ value: '', label: all }, ...devices.map((d) => ({ value: d.id, label: `${d.name} (${d.id})` }))];
}
