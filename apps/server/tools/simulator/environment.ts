/**
 * The plant around the devices: local time, shift pattern, weather and seasons. Pure functions of
 * time, so every device on the floor sees the same day.
 */
import { smoothNoise } from './prng';

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.2425;

export interface LocalTime {
  /** Hour of the day, 0 ≤ hour < 24, fractional. */
  hour: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Fraction of the year since 1 January, 0..1. */
  yearPhase: number;
}

export function localTime(tMs: number, utcOffsetMinutes: number): LocalTime {
  const local = tMs + utcOffsetMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  const hour = (local - day * DAY_MS) / 3_600_000;
  // 1970-01-01 was a Thursday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  const years = day / YEAR_DAYS;
  return { hour, weekday, yearPhase: years - Math.floor(years) };
}

const smoothstep = (x: number) => {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
};

/** 1 between start and end (hours), with ramps of `rampH` centred on each edge. */
function window(hour: number, start: number, end: number, rampH: number): number {
  return smoothstep((hour - start) / rampH + 0.5) * (1 - smoothstep((hour - end) / rampH + 0.5));
}

export const NIGHT_LOAD = 0.25;

/**
 * How busy the plant is, 0..1: two day shifts on weekdays (06–22) with breaks, a Saturday morning
 * shift, and a skeleton night/Sunday load. Every window sits inside one day, so there is no step at
 * midnight.
 */
export function shiftLoad(tMs: number, utcOffsetMinutes: number): number {
  const { hour, weekday } = localTime(tMs, utcOffsetMinutes);
  if (weekday >= 1 && weekday <= 5) {
    const shifts = window(hour, 6, 22, 1);
    const dips =
      0.1 * window(hour, 9.75, 10.25, 0.25) + // morning break
      0.18 * window(hour, 12, 12.75, 0.25) + // lunch
      0.12 * window(hour, 13.85, 14.15, 0.2) + // shift change-over
      0.1 * window(hour, 18, 18.5, 0.25); // evening break
    return NIGHT_LOAD + (0.9 - NIGHT_LOAD) * shifts - dips * shifts;
  }
  if (weekday === 6) return NIGHT_LOAD + (0.55 - NIGHT_LOAD) * window(hour, 6, 14, 1);
  return NIGHT_LOAD;
}

/** -1 in mid-winter, +1 in mid-summer (northern hemisphere, warmest around 20 July). */
export function season(tMs: number): number {
  const { yearPhase } = localTime(tMs, 0);
  return Math.cos(2 * Math.PI * (yearPhase - 0.55));
}

/** Outdoor daily swing, -1 before dawn … +1 mid-afternoon (15:00). */
export function dailySwing(tMs: number, utcOffsetMinutes: number): number {
  const { hour } = localTime(tMs, utcOffsetMinutes);
  return Math.cos((2 * Math.PI * (hour - 15)) / 24);
}

/**
 * Air temperature on the plant floor (°C): heated in winter, warmer in summer, a small outdoor
 * daily swing, heat from the machines when the shifts run, and slow weather.
 */
export function plantAmbient(tMs: number, utcOffsetMinutes: number, siteSeed: number): number {
  return (
    21.5 +
    3 * season(tMs) +
    1.2 * dailySwing(tMs, utcOffsetMinutes) +
    2.5 * shiftLoad(tMs, utcOffsetMinutes) +
    0.6 * smoothNoise(siteSeed, 11, tMs, 30 * 3_600_000)
  );
}
