import type { Device } from '@dtwin/contracts/devices';

/** The plan's drawing size; locations are 0..100 on both axes and stretch to it. */
export const PLAN = { width: 1000, height: 640 } as const;
/** Room around a zone's devices, in plan units (0..100). */
const ZONE_PADDING = 4;

export interface PlacedDevice {
  device: Device;
  /** Drawing coordinates. */
  cx: number;
  cy: number;
}

export interface ZoneBox {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
}

export interface PlanLayout {
  placed: PlacedDevice[];
  zones: ZoneBox[];
  /** Devices with no x/y: listed beside the plan instead of guessed onto it. */
  unplaced: Device[];
}

const toX = (x: number) => (Math.min(100, Math.max(0, x)) / 100) * PLAN.width;
const toY = (y: number) => (Math.min(100, Math.max(0, y)) / 100) * PLAN.height;

/** Places devices by their location and draws each zone as the box around its devices. */
export function layoutPlan(devices: readonly Device[]): PlanLayout {
  const placed: PlacedDevice[] = [];
  const unplaced: Device[] = [];
  const bounds = new Map<string, { x0: number; y0: number; x1: number; y1: number; count: number }>();

  for (const device of devices) {
    const { x, y, zone } = device.location;
    if (x === null || y === null) {
      unplaced.push(device);
      continue;
    }
    placed.push({ device, cx: toX(x), cy: toY(y) });
    if (!zone) continue;
    const b = bounds.get(zone);
    if (b) {
      b.x0 = Math.min(b.x0, x);
      b.y0 = Math.min(b.y0, y);
      b.x1 = Math.max(b.x1, x);
      b.y1 = Math.max(b.y1, y);
      b.count += 1;
    } else {
      bounds.set(zone, { x0: x, y0: y, x1: x, y1: y, count: 1 });
    }
  }

  const zones = [...bounds.entries()]
    .map(([name, b]) => {
      const x0 = toX(b.x0 - ZONE_PADDING);
      // Extra room at the top for the zone's name.
      const y0 = toY(b.y0 - ZONE_PADDING) - 14;
      return {
        name,
        x: x0,
        y: Math.max(0, y0),
        width: toX(b.x1 + ZONE_PADDING) - x0,
        height: toY(b.y1 + ZONE_PADDING) - Math.max(0, y0),
        count: b.count,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return { placed, zones, unplaced };
}
