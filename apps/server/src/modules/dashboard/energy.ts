import type { Bucket } from '../../analytics/series-reader';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** kW per unit of a power metric; null for a unit we do not know how to convert (left out, never guessed). */
export function kilowattsPer(unit: string): number | null {
  switch (unit.trim()) {
    case 'W':
      return 0.001;
    case 'kW':
      return 1;
    case 'MW':
      return 1000;
    default:
      return null;
  }
}

/**
 * ∫ P dt from 1-minute rollups: each minute with readings contributes its mean power (in kW) for
 * one minute; a minute without readings contributes nothing (no interpolation across gaps, so a
 * device that started ten minutes ago has used ten minutes' worth). kWh per hour start.
 */
export function energyByHour(minutes: readonly Bucket[], kwPerUnit: number): Map<number, number> {
  const byHour = new Map<number, number>();
  for (const b of minutes) {
    if (b.count === 0) continue;
    const hour = b.t - (b.t % HOUR);
    byHour.set(hour, (byHour.get(hour) ?? 0) + (b.mean * kwPerUnit) / 60);
  }
  return byHour;
}

/**
 * Energy per device and hour over [from, now), keeping the hours that are over and wholly inside
 * the window (late readings aside, they do not change), so a dashboard refresh reads only the
 * minutes of the current hour and of the window's first, partial hour. Bounded: hours that left
 * the window are dropped.
 */
export function createEnergyCache(read: (deviceId: string, from: number, to: number) => Promise<Bucket[]>) {
  const done = new Map<string, Map<number, number>>();
  return {
    async hours(
      deviceId: string,
      kwPerUnit: number,
      from: number,
      now: number,
    ): Promise<Map<number, number>> {
      const current = now - (now % HOUR);
      const firstFull = Math.ceil(from / HOUR) * HOUR;
      const known = done.get(deviceId) ?? new Map<number, number>();
      for (const h of known.keys()) if (h < firstFull) known.delete(h);
      const missing: number[] = [];
      for (let h = firstFull; h < current; h += HOUR) if (!known.has(h)) missing.push(h);
      const head =
        from < firstFull
          ? energyByHour(await read(deviceId, from, Math.min(firstFull, now + 1)), kwPerUnit)
          : new Map<number, number>();
      const tail = energyByHour(await read(deviceId, missing[0] ?? current, now + 1), kwPerUnit);
      for (const h of missing) known.set(h, tail.get(h) ?? 0);
      done.set(deviceId, known);
      const out = new Map([...head, ...known]);
      if (current >= firstFull) out.set(current, tail.get(current) ?? 0);
      return out;
    },
    forget: (deviceId: string) => void done.delete(deviceId),
  };
}
