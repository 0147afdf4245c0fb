import { z } from 'zod';

/** The instants a request may name: from 1970 to the end of 9999, UTC. */
export const EARLIEST_INSTANT_MS = 0;
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const inRange = (text: string) => {
  const ms = Date.parse(text);
  return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
};
const rangeMessage = { message: 'must be a date-time between 1970 and 9999' };

/**
 * A date-time in a request (query or body): ISO 8601 with an offset, a real calendar date and
 * time (the format checks that), and within the years the server can count and store.
 */
export const instantSchema = z.iso.datetime({ offset: true }).refine(inRange, rangeMessage);

/** A calendar day in a request (`2026-06-01`), within the same years. */
export const daySchema = z.iso.date().refine((text) => inRange(`${text}T00:00:00Z`), {
  message: 'must be a date between 1970 and 9999',
});
