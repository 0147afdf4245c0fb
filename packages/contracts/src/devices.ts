import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { daySchema } from './instant';
import { modelIdSchema } from './models';

export const deviceIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1-64 letters, digits, _ . - (starting with a letter or digit)',
  );

export const connectivitySchema = z.enum(['online', 'offline']);
export type Connectivity = z.infer<typeof connectivitySchema>;
export const conditionSchema = z.enum(['normal', 'warning', 'critical', 'maintenance']);
export type Condition = z.infer<typeof conditionSchema>;

export const locationSchema = z.object({
  site: z.string().max(120).default(''),
  zone: z.string().max(120).default(''),
  /** Position on the floor plan, 0..100 in both directions. */
  x: z.number().min(0).max(100).nullable().default(null),
  y: z.number().min(0).max(100).nullable().default(null),
});
export type Location = z.infer<typeof locationSchema>;

const date = daySchema;

export const deviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string(),
  location: locationSchema,
  manufacturer: z.string().nullable(),
  model_number: z.string().nullable(),
  firmware: z.string().nullable(),
  installed_at: date.nullable(),
  last_maintenance_at: date.nullable(),
  tags: z.array(z.string()),
  maintenance_mode: z.boolean(),
  /** The asset (plant, line, machine…) the device belongs to. */
  asset_id: z.string().nullable(),
  connectivity: connectivitySchema,
  condition: conditionSchema,
  last_seen: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});
export type Device = z.infer<typeof deviceSchema>;

const editable = {
  name: z.string().trim().min(1).max(120),
  location: locationSchema,
  manufacturer: z.string().max(120).nullable(),
  model_number: z.string().max(120).nullable(),
  firmware: z.string().max(64).nullable(),
  installed_at: date.nullable(),
  last_maintenance_at: date.nullable(),
  tags: z.array(z.string().trim().min(1).max(40)).max(32),
  maintenance_mode: z.boolean(),
  asset_id: assetIdSchema.nullable(),
};

export const createDeviceBodySchema = z.object({
  id: deviceIdSchema,
  model: modelIdSchema,
  name: editable.name,
  location: editable.location.optional(),
  manufacturer: editable.manufacturer.optional(),
  model_number: editable.model_number.optional(),
  firmware: editable.firmware.optional(),
  installed_at: editable.installed_at.optional(),
  last_maintenance_at: editable.last_maintenance_at.optional(),
  tags: editable.tags.optional(),
  maintenance_mode: editable.maintenance_mode.optional(),
  asset_id: editable.asset_id.optional(),
});
export type CreateDeviceBody = z.infer<typeof createDeviceBodySchema>;

export const updateDeviceBodySchema = z
  .object({ ...editable, location: locationSchema.partial() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateDeviceBody = z.infer<typeof updateDeviceBodySchema>;

export const deviceListQuerySchema = z.object({
  q: z.string().max(120).optional(),
  model: modelIdSchema.optional(),
  site: z.string().max(120).optional(),
  zone: z.string().max(120).optional(),
  tag: z.string().max(40).optional(),
  /** Devices of that asset and every asset below it. */
  asset_id: assetIdSchema.optional(),
  condition: conditionSchema.optional(),
  connectivity: connectivitySchema.optional(),
  sort: z.enum(['id', 'name', 'last_seen']).default('id'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DeviceListQuery = z.infer<typeof deviceListQuerySchema>;

export const deviceIdParamsSchema = z.object({ id: deviceIdSchema });
export const deviceListSchema = z.object({ items: z.array(deviceSchema), total: z.number().int() });
export const deviceResponseSchema = z.object({ device: deviceSchema });
/** The device token is shown once, when it is made; only its hash is stored. */
export const deviceWithTokenSchema = z.object({ device: deviceSchema, token: z.string() });
export const deviceTokenSchema = z.object({ token: z.string() });
