import { describe, expect, it } from 'vitest';
import { nextRunAt, type ScheduleTime } from './schedule-time';

const at = (iso: string) => Date.parse(iso);
const daily = (time: string, timeZone: string): ScheduleTime => ({
  frequency: 'daily',
  time,
  weekday: null,
  dayOfMonth: null,
  timeZone,
});

describe('when a report schedule is next due', () => {
  it('runs daily at the local time of its zone', () => {
    expect(
      new Date(nextRunAt(daily('07:30', 'Europe/Berlin'), at('2026-01-10T05:00:00Z'))).toISOString(),
    ).toBe('2026-01-10T06:30:00.000Z');
    expect(
      new Date(nextRunAt(daily('07:30', 'Europe/Berlin'), at('2026-01-10T06:30:00Z'))).toISOString(),
    ).toBe('2026-01-11T06:30:00.000Z');
    expect(new Date(nextRunAt(daily('07:30', 'UTC'), at('2026-07-10T05:00:00Z'))).toISOString()).toBe(
      '2026-07-10T07:30:00.000Z',
    );
  });

  it('follows summer time', () => {
    // Berlin is UTC+2 in July.
    expect(
      new Date(nextRunAt(daily('07:30', 'Europe/Berlin'), at('2026-07-10T00:00:00Z'))).toISOString(),
    ).toBe('2026-07-10T05:30:00.000Z');
    // Across the spring change (29 March 2026): 07:30 is UTC+1 before, UTC+2 after.
    const before = nextRunAt(daily('07:30', 'Europe/Berlin'), at('2026-03-28T12:00:00Z'));
    expect(new Date(before).toISOString()).toBe('2026-03-29T05:30:00.000Z');
  });

  it('runs weekly on its weekday and monthly on its day', () => {
    // 2026-01-10 is a Saturday; the next Monday is the 12th.
    const weekly: ScheduleTime = { ...daily('06:00', 'America/New_York'), frequency: 'weekly', weekday: 1 };
    expect(new Date(nextRunAt(weekly, at('2026-01-10T12:00:00Z'))).toISOString()).toBe(
      '2026-01-12T11:00:00.000Z',
    );
    const monthly: ScheduleTime = { ...daily('00:15', 'Asia/Tokyo'), frequency: 'monthly', dayOfMonth: 1 };
    expect(new Date(nextRunAt(monthly, at('2026-01-10T12:00:00Z'))).toISOString()).toBe(
      '2026-01-31T15:15:00.000Z',
    );
  });
});
