import { z } from 'zod';
import { conditionSchema, connectivitySchema } from './devices';

export const propertyValueSchema = z.union([z.number(), z.boolean(), z.string().max(256)]);
export type PropertyValue = z.infer<typeof propertyValueSchema>;

export const reportedMetricSchema = z.object({ value: z.number(), ts: z.iso.datetime() });

export const twinSchema = z.object({
  device_id: z.string(),
  reported: z.object({
    metrics: z.record(z.string(), reportedMetricSchema),
    properties: z.record(z.string(), propertyValueSchema),
  }),
  desired: z.record(z.string(), propertyValueSchema),
  /** Desired values the device has not reported yet. */
  delta: z.record(z.string(), propertyValueSchema),
  version: z.number().int(),
  connectivity: connectivitySchema,
  condition: conditionSchema,
  last_seen: z.iso.datetime().nullable(),
});
export type Twin = z.infer<typeof twinSchema>;

/** `null` removes a desired property. */
export const patchTwinBodySchema = z.object({
  desired: z.record(z.string(), propertyValueSchema.nullable()).refine((d) => Object.keys(d).length > 0, {
    message: 'name at least one property',
  }),
});
export type PatchTwinBody = z.infer<typeof patchTwinBodySchema>;

/** What the server publishes, retained, on devices/{id}/desired. */
export const desiredMessageSchema = z.object({
  version: z.number().int(),
  desired: z.record(z.string(), propertyValueSchema),
});
export type DesiredMessage = z.infer<typeof desiredMessageSchema>;
