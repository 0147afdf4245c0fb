import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { conditionSchema } from './devices';

export { assetIdSchema };

/** Bounds of the plant's hierarchy: deep enough for site → … → component, small enough to walk. */
export const ASSET_LIMITS = {
  /** Levels from a root to its deepest descendant (a root is level 1). */
  maxDepth: 12,
  /** Assets in the whole plant. */
  maxAssets: 5000,
  nameMax: 120,
  properties: 64,
  propertyKeyMax: 64,
  propertyTextMax: 1000,
  tags: 32,
  tagMax: 40,
} as const;

/** Types are data (site, area, line, machine, component…), not a fixed list. */
export const assetTypeSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'must be 1-40 letters, digits, _ - (starting with a letter)');

/** A property's value is typed: text, a finite number, true/false, or null. */
export const assetPropertyValueSchema = z.union([
  z.string().max(ASSET_LIMITS.propertyTextMax),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);
export type AssetPropertyValue = z.infer<typeof assetPropertyValueSchema>;

export const assetPropertiesSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'property names are 1-64 letters, digits, _ . -'),
    assetPropertyValueSchema,
  )
  .refine((p) => Object.keys(p).length <= ASSET_LIMITS.properties, {
    message: `at most ${ASSET_LIMITS.properties} properties`,
  });

export const assetTagsSchema = z
  .array(z.string().trim().min(1).max(ASSET_LIMITS.tagMax))
  .max(ASSET_LIMITS.tags);

const assetNameSchema = z.string().trim().min(1).max(ASSET_LIMITS.nameMax);

export const assetSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  parent_id: z.string().nullable(),
  properties: z.record(z.string(), assetPropertyValueSchema),
  tags: z.array(z.string()),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Asset = z.infer<typeof assetSchema>;

export const createAssetBodySchema = z
  .object({
    id: assetIdSchema,
    name: assetNameSchema,
    type: assetTypeSchema,
    parent_id: assetIdSchema.nullable().optional(),
    properties: assetPropertiesSchema.optional(),
    tags: assetTagsSchema.optional(),
  })
  .strict();
export type CreateAssetBody = z.infer<typeof createAssetBodySchema>;

/** `parent_id: null` makes the asset a root; `properties` replaces them all. */
export const updateAssetBodySchema = z
  .object({
    name: assetNameSchema,
    type: assetTypeSchema,
    parent_id: assetIdSchema.nullable(),
    properties: assetPropertiesSchema,
    tags: assetTagsSchema,
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateAssetBody = z.infer<typeof updateAssetBodySchema>;

export const assetListQuerySchema = z.object({
  type: assetTypeSchema.optional(),
  parent_id: assetIdSchema.optional(),
  /** `true`: only the roots (assets without a parent). */
  root: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
  /** Part of the id or the name, any case. */
  q: z.string().max(120).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AssetListQuery = z.infer<typeof assetListQuerySchema>;

export const assetListSchema = z.object({ items: z.array(assetSchema), total: z.number().int() });
export type AssetList = z.infer<typeof assetListSchema>;

export const assetIdParamsSchema = z.object({ id: assetIdSchema });
export const assetResponseSchema = z.object({ asset: assetSchema });

export const deleteAssetQuerySchema = z.object({
  /** `detach`: children become roots and devices lose their asset, instead of 409. */
  cascade: z.enum(['detach']).optional(),
});

export interface AssetTree {
  id: string;
  name: string;
  type: string;
  children: AssetTree[];
  devices: Array<{ id: string; name: string }>;
}
export const assetTreeSchema: z.ZodType<AssetTree> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    children: z.array(assetTreeSchema),
    devices: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
);

/** The subtree rolled up: worst condition, device-weighted mean and minimum health, open alerts. */
export const assetStatusSchema = z.object({
  devices: z.number().int(),
  online: z.number().int(),
  /** critical > warning > maintenance > normal; null when the subtree holds no device. */
  condition: conditionSchema.nullable(),
  /** Over the devices that have a score; null when none has. */
  health: z.object({
    mean: z.number().nullable(),
    min: z.number().nullable(),
    scored: z.number().int(),
  }),
  /** Alerts active or acknowledged (not shelved, not cleared) by severity. */
  active_alerts: z.object({ info: z.number().int(), warning: z.number().int(), critical: z.number().int() }),
});
export type AssetStatus = z.infer<typeof assetStatusSchema>;
