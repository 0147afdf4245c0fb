import type { AssetStatus } from '@dtwin/contracts/assets';
import type { Condition } from '@dtwin/contracts/devices';
import type { Severity } from '@dtwin/contracts/alerts';

/** Worst first: an asset is as bad as its worst device; maintenance outranks normal only. */
const rank: Record<Condition, number> = { normal: 0, maintenance: 1, warning: 2, critical: 3 };

/**
 * One status for a set of devices: worst condition, health as the mean over the scored devices
 * (so a parent's mean is its children's means weighted by their device counts) and the minimum.
 */
export function rollUpStatus(
  devices: ReadonlyArray<{ connectivity: string; condition: string }>,
  scores: readonly number[],
  activeAlerts: Record<Severity, number>,
): AssetStatus {
  let condition: Condition | null = null;
  for (const d of devices) {
    const c = (d.condition in rank ? d.condition : 'normal') as Condition;
    if (condition === null || rank[c] > rank[condition]) condition = c;
  }
  const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  return {
    devices: devices.length,
    online: devices.filter((d) => d.connectivity === 'online').length,
    condition,
    health: {
      mean: mean === null ? null : Math.round(mean * 10) / 10,
      min: scores.length ? scores.reduce((a, b) => Math.min(a, b)) : null,
      scored: scores.length,
    },
    active_alerts: activeAlerts,
  };
}
