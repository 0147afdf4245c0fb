import type { ScheduleFrequency } from '@dtwin/contracts/report-schedules';

export interface ScheduleTime {
  frequency: ScheduleFrequency;
  /** `HH:MM`, local to `timeZone`. */
  time: string;
  /** 0 = Sunday … 6 = Saturday (weekly). */
  weekday: number | null;
  /** 1–28 (monthly). */
  dayOfMonth: number | null;
  timeZone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
function localParts(ms: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(ms)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return parts;
}

/** How far the zone's wall clock is ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time happens in a zone (a time skipped by DST moves forward an hour). */
export function zonedInstant(
  y: number,
  m: number,
  d: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  const first = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(first, timeZone);
  return second;
}

/** The first time after `after` (ms) the schedule is due. */
export function nextRunAt(s: ScheduleTime, after: number): number {
  const [hour = 0, minute = 0] = s.time.split(':').map(Number);
  const today = localParts(after, s.timeZone);
  // Walk local calendar days; a monthly schedule is due within 31 days, a weekly one within 7.
  for (let i = 0; i <= 62; i++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + i));
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (s.frequency === 'weekly' && day.getUTCDay() !== s.weekday) continue;
    if (s.frequency === 'monthly' && d !== s.dayOfMonth) continue;
    const at = zonedInstant(y, m, d, hour, minute, s.timeZone);
    if (at > after) return at;
  }
  throw new Error('no next run within two months');
}
