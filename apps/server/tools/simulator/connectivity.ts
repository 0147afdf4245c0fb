/**
 * Seeded silent periods: a device drops off the network for a minute or a few, then comes back,
 * as field devices do (Wi-Fi, a tripped switch, a gateway reboot). Pure function of time.
 */
import { hashUnit } from './prng';

export interface OutageOptions {
  /** Each window holds at most one outage. Default 20 minutes. */
  windowMs?: number;
  /** Chance that a window holds one. Default 0.08 (a device is silent ≈ 1 % of the time). */
  probability?: number;
  minMs?: number;
  maxMs?: number;
}

export interface Connectivity {
  online: boolean;
  /** When the current silence ends (epoch ms); null while online. */
  until: number | null;
}

export interface OutageSchedule {
  at(tMs: number): Connectivity;
  outages(fromMs: number, toMs: number): Array<{ startMs: number; endMs: number }>;
}

export function createOutageSchedule(seed: number, options: OutageOptions = {}): OutageSchedule {
  const windowMs = options.windowMs ?? 20 * 60_000;
  const probability = options.probability ?? 0.08;
  const minMs = options.minMs ?? 40_000;
  const maxMs = Math.min(options.maxMs ?? 4 * 60_000, windowMs);

  const outageIn = (i: number) => {
    if (hashUnit(seed, 0x0f, i) >= probability) return null;
    const duration = Math.round(minMs + (maxMs - minMs) * hashUnit(seed, 0x10, i));
    const startMs = i * windowMs + Math.floor((windowMs - duration) * hashUnit(seed, 0x11, i));
    return { startMs, endMs: startMs + duration };
  };

  return {
    at(tMs) {
      const o = outageIn(Math.floor(tMs / windowMs));
      return o && o.startMs <= tMs && tMs < o.endMs
        ? { online: false, until: o.endMs }
        : { online: true, until: null };
    },
    outages(fromMs, toMs) {
      const out: Array<{ startMs: number; endMs: number }> = [];
      for (let i = Math.floor(fromMs / windowMs); i <= Math.floor(toMs / windowMs); i++) {
        const o = outageIn(i);
        if (o && o.startMs < toMs && o.endMs > fromMs) out.push(o);
      }
      return out;
    },
  };
}

/** For tests and for runs that want every device to stay connected. */
export const alwaysOnline: OutageSchedule = {
  at: () => ({ online: true, until: null }),
  outages: () => [],
};
