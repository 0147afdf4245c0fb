import type { Asset } from '@dtwin/contracts/assets';
import type { Device } from '@dtwin/contracts/devices';
import type { ReportScope } from '@dtwin/contracts/reports';

/**
 * What a report or schedule is about, in words: "Whole fleet", "Asset Line A (LINE_A)" or
 * "Cooling pump 7 (PUMP_7)"; an id alone when the asset or device is not (or no longer) known.
 */
export function scopeLabel(
  subject: { scope: ReportScope; asset_id?: string | undefined },
  devices: readonly Device[],
  assets: readonly Asset[],
): string {
  if (subject.scope === 'fleet' && subject.asset_id) {
    const asset = assets.find((a) => a.id === subject.asset_id);
    return `Asset ${asset ? `${asset.name} (${subject.asset_id})` : subject.asset_id}`;
  }
  if (subject.scope === 'fleet') return 'Whole fleet';
  const id = subject.scope.device_id;
  const device = devices.find((d) => d.id === id);
  return device ? `${device.name} (${id})` : id;
}
