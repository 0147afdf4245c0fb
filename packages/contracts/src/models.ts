import { z } from 'zod';

export const modelIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, 'must be lower_snake_case, 2-64 characters');
export const metricNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower_snake_case, 1-64 characters');

const rangeSchema = z
  .object({ min: z.number(), max: z.number() })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });

export const metricDefinitionSchema = z
  .object({
    name: metricNameSchema,
    label: z.string().min(1).max(80),
    unit: z.string().max(16),
    normal: rangeSchema,
    critical: rangeSchema,
    /** Which side of the range is bad: rising temperature, falling flow, or either. */
    bad: z.enum(['high', 'low', 'both']),
    expected_interval_s: z.number().positive().max(86_400),
  })
  .refine((m) => m.critical.min <= m.normal.min && m.critical.max >= m.normal.max, {
    message: 'the critical range must contain the normal range',
  });
export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;

export const propertyDefinitionSchema = z.object({
  name: metricNameSchema,
  label: z.string().min(1).max(80),
  type: z.enum(['number', 'integer', 'boolean', 'string']),
  unit: z.string().max(16).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  default: z.union([z.number(), z.boolean(), z.string()]).optional(),
  writable: z.boolean(),
});
export type PropertyDefinition = z.infer<typeof propertyDefinitionSchema>;

const uniqueNames = (items: Array<{ name: string }>) =>
  new Set(items.map((i) => i.name)).size === items.length;

/** One parameter of a command a model accepts; a command's params are checked against these. */
export const commandParamDefinitionSchema = z
  .object({
    name: metricNameSchema,
    label: z.string().min(1).max(80),
    type: z.enum(['number', 'integer', 'boolean', 'string']),
    unit: z.string().max(16).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /** For strings: the allowed values. */
    enum: z.array(z.string().min(1).max(64)).min(1).max(32).optional(),
    /** For strings: the longest value accepted (at most 256). */
    max_length: z.number().int().min(1).max(256).optional(),
    required: z.boolean().default(false),
  })
  .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
    message: 'min must not exceed max',
  });
export type CommandParamDefinition = z.infer<typeof commandParamDefinitionSchema>;

/** A command a device of the model accepts (sent by `POST /api/devices/{id}/commands`). */
export const commandDefinitionSchema = z.object({
  name: metricNameSchema,
  label: z.string().min(1).max(80),
  description: z.string().max(500).default(''),
  params: z
    .array(commandParamDefinitionSchema)
    .max(16)
    .refine(uniqueNames, 'parameter names must be unique')
    .default([]),
});
export type CommandDefinition = z.infer<typeof commandDefinitionSchema>;

export const deviceModelSchema = z.object({
  id: modelIdSchema,
  name: z.string().min(1).max(120),
  description: z.string().max(2000),
  category: z.enum(['sensor', 'machine']),
  metrics: z.array(metricDefinitionSchema).min(1).max(64).refine(uniqueNames, 'metric names must be unique'),
  properties: z.array(propertyDefinitionSchema).max(64).refine(uniqueNames, 'property names must be unique'),
  /** The commands its devices accept; any other command is refused. */
  commands: z
    .array(commandDefinitionSchema)
    .max(32)
    .refine(uniqueNames, 'command names must be unique')
    .default([]),
  builtin: z.boolean(),
});
export type DeviceModel = z.infer<typeof deviceModelSchema>;

export const createModelBodySchema = deviceModelSchema.omit({ builtin: true }).extend({
  description: z.string().max(2000).default(''),
  properties: deviceModelSchema.shape.properties.default([]),
});
export type CreateModelBody = z.infer<typeof createModelBodySchema>;

export const updateModelBodySchema = createModelBodySchema
  .omit({ id: true })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateModelBody = z.infer<typeof updateModelBodySchema>;

export const modelIdParamsSchema = z.object({ id: modelIdSchema });
export const modelListSchema = z.object({ items: z.array(deviceModelSchema), total: z.number().int() });
export const modelResponseSchema = z.object({ model: deviceModelSchema });
