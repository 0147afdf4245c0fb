import type { SeriesReader } from '../../analytics/series-reader';
import { createEnergyCache } from './energy';

const HOUR = 60 * 60_000;

/** What the dashboard reads of one device's history (plain data: it crosses to the analytics thread). */
export interface DashboardDevice {
  id: string;
  /** Its power metric, with kW per unit of it. */
  power: { name: string; unit: string; kwPerUnit: number } | null;
  efficiency: { name: string; unit: string } | null;
}

export interface DashboardSeriesInput {
  /** The window is [from, now]. */
  from: number;
  now: number;
  devices: DashboardDevice[];
  /** `devices` is the whole fleet: what is kept of any other device is dropped. */
  wholeFleet: boolean;
}

export interface DashboardSeries {
  kwh: number;
  /** Devices that used energy in the window. */
  powerDevices: number;
  /** [hour start, kWh of the fleet] */
  energyByHour: Array<[number, number]>;
  /** [hour start, the devices' mean efficiencies] */
  efficiencyByHour: Array<[number, number[]]>;
  /** Each efficiency device's mean over the last hour. */
  efficiencyNow: number[];
}

/**
 * The dashboard's aggregation over the devices' rollups, read through `reader`: energy (with the
 * hours that are over kept between calls, see energy.ts) and efficiency. The one code path,
 * whether it runs on the analytics thread (with that thread's connection) or in this one
 * (ANALYTICS_THREAD=off).
 */
export function createDashboardSeries(reader: SeriesReader) {
  const powerOf = new Map<string, { name: string; unit: string }>();
  const energy = createEnergyCache(async (deviceId, from, to) => {
    const power = powerOf.get(deviceId);
    return power ? reader.minutes(deviceId, power, from, to) : [];
  });

  return async function compute({
    from,
    now,
    devices,
    wholeFleet,
  }: DashboardSeriesInput): Promise<DashboardSeries> {
    if (wholeFleet) {
      const ids = new Set(devices.map((d) => d.id));
      for (const id of powerOf.keys()) {
        if (ids.has(id)) continue;
        powerOf.delete(id);
        energy.forget(id);
      }
    }
    const energyByHour = new Map<number, number>();
    const efficiencyByHour = new Map<number, number[]>();
    const efficiencyNow: number[] = [];
    let kwh = 0;
    let powerDevices = 0;
    for (const d of devices) {
      if (d.power) {
        powerOf.set(d.id, d.power);
        const used = await energy.hours(d.id, d.power.kwPerUnit, from, now);
        if ([...used.values()].some((e) => e > 0)) powerDevices++;
        for (const [h, e] of used) {
          kwh += e;
          energyByHour.set(h, (energyByHour.get(h) ?? 0) + e);
        }
      }
      if (d.efficiency) {
        for (const b of await reader.hours(d.id, d.efficiency, from, now + 1))
          efficiencyByHour.set(b.t, [...(efficiencyByHour.get(b.t) ?? []), b.mean]);
        const lastHour = await reader.minutes(d.id, d.efficiency, now - HOUR, now + 1);
        const n = lastHour.reduce((a, b) => a + b.count, 0);
        if (n > 0) efficiencyNow.push(lastHour.reduce((a, b) => a + b.mean * b.count, 0) / n);
      }
    }
    return {
      kwh,
      powerDevices,
      energyByHour: [...energyByHour],
      efficiencyByHour: [...efficiencyByHour],
      efficiencyNow,
    };
  };
}
