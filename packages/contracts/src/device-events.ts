import { z } from 'zod';

/** What happened to a machine, as a maintenance log records it. */
export const deviceEventTypes = ['failure', 'repair', 'maintenance', 'inspection'] as const;
export type DeviceEventType = (typeof deviceEventTypes)[number];

/** Free-text bounds: a failure mode is a short label, notes a paragraph. */
export const FAILURE_MODE_MAX = 64;
export const EVENT_NOTES_MAX = 2000;

export const createDeviceEventBodySchema = z
  .object({
    type: z.enum(deviceEventTypes),
    /** When it happened; not in the future (a minute of clock skew is tolerated by the server). */
    ts: z.iso.datetime({ offset: true }),
    failure_mode: z
      .string()
      .trim()
      .min(1)
      .max(FAILURE_MODE_MAX)
      .regex(/^[\p{L}\p{N} _.\-/]+$/u, 'letters, digits, spaces and _ . - / only')
      .optional(),
    notes: z.string().max(EVENT_NOTES_MAX).optional(),
  })
  .strict();
export type CreateDeviceEventBody = z.infer<typeof createDeviceEventBodySchema>;

export const deviceEventSchema = z.object({
  id: z.number().int(),
  device_id: z.string(),
  type: z.enum(deviceEventTypes),
  ts: z.iso.datetime(),
  failure_mode: z.string().nullable(),
  notes: z.string().nullable(),
  created_by: z.string().nullable(),
  created_at: z.iso.datetime(),
});
export type DeviceEvent = z.infer<typeof deviceEventSchema>;

export const deviceEventListQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  type: z.enum(deviceEventTypes).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeviceEventListQuery = z.infer<typeof deviceEventListQuerySchema>;

/** Newest first. */
export const deviceEventListSchema = z.object({ items: z.array(deviceEventSchema) });
export type DeviceEventList = z.infer<typeof deviceEventListSchema>;

export const deviceEventResponseSchema = z.object({ event: deviceEventSchema });
