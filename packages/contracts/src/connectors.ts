import { z } from 'zod';
import { opcuaConfigSchema, opcuaSourceSchema } from './connectors-opcua';
import { deviceIdSchema, deviceSchema } from './devices';
import { metricNameSchema, modelIdSchema } from './models';

/**
 * Connectors: the server itself reads plant protocols (Modbus TCP, Sparkplug B, OPC UA) and feeds
 * what it reads into the same ingestion as MQTT and HTTP readings.
 */
export const connectorLimits = {
  /** Connectors per installation. */
  connectors: 50,
  /** Mappings (source → device metric or property) per connector. */
  mappings: 1000,
  minPollIntervalMs: 100,
  maxPollIntervalMs: 3_600_000,
  minTimeoutMs: 100,
  maxTimeoutMs: 60_000,
  /** The largest Sparkplug B message read; larger ones are refused and counted. */
  maxMessageBytes: 256 * 1024,
  /** Unknown Sparkplug devices kept as pending, per connector. */
  pendingDevices: 200,
} as const;

export const connectorIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'letters, digits, _ . - only (starting with a letter or digit), at most 64',
  );

/** A connection secret (password): write-only, encrypted at rest, never returned. */
const secretSchema = z.string().max(256);
const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:_[\]-]+$/, 'a host name or IP address');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

// --- Modbus TCP -----------------------------------------------------------------------------

export const modbusConfigSchema = z
  .object({
    host: hostSchema,
    port: z.number().int().min(1).max(65_535).default(502),
    unit_id: z.number().int().min(0).max(255).default(1),
    poll_interval_ms: z
      .number()
      .int()
      .min(connectorLimits.minPollIntervalMs)
      .max(connectorLimits.maxPollIntervalMs)
      .default(1000),
    timeout_ms: z
      .number()
      .int()
      .min(connectorLimits.minTimeoutMs)
      .max(connectorLimits.maxTimeoutMs)
      .default(2000),
  })
  .strict();
export type ModbusConfig = z.infer<typeof modbusConfigSchema>;

export const modbusRegisterKinds = ['holding', 'input', 'coil', 'discrete'] as const;
export const modbusValueTypes = ['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'bool'] as const;
export type ModbusValueType = (typeof modbusValueTypes)[number];

export const modbusSourceSchema = z
  .object({
    register: z.enum(modbusRegisterKinds),
    address: z.number().int().min(0).max(65_535),
    /** Default: bool for coils and discrete inputs, uint16 for registers. */
    type: z.enum(modbusValueTypes).optional(),
    /** Of 32- and 64-bit values: `big` = the first register holds the high word. */
    word_order: z.enum(['big', 'little']).optional(),
  })
  .strict()
  .refine(
    (s) =>
      s.type === undefined || (s.register === 'coil' || s.register === 'discrete') === (s.type === 'bool'),
    {
      message: 'coils and discrete inputs are bool; registers are numbers (not bool)',
      path: ['type'],
    },
  );
export type ModbusSource = z.infer<typeof modbusSourceSchema>;

// --- Sparkplug B ----------------------------------------------------------------------------

const sparkplugIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^/+#]+$/, 'no / + # (they are MQTT topic characters)');

export const sparkplugConfigSchema = z
  .object({
    /** `embedded`: edge nodes publish to this server's broker, signing in with username/password. */
    broker: z.enum(['embedded', 'external']).default('embedded'),
    /** The external broker, mqtt:// or mqtts:// (required when broker is external). */
    url: z
      .string()
      .max(512)
      .regex(/^mqtts?:\/\/[^\s]+$/, 'an mqtt:// or mqtts:// URL')
      .optional(),
    group_id: sparkplugIdSchema,
    username: z.string().min(1).max(128).optional(),
    password: secretSchema.optional(),
    /** Unknown devices appear as pending devices an admin can accept. */
    auto_map: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.broker === 'embedded' || c.url !== undefined, {
    message: 'an external broker needs its url',
    path: ['url'],
  })
  .refine((c) => c.broker === 'external' || c.username !== undefined, {
    message: 'edge nodes sign in to the embedded broker with this username (and the password)',
    path: ['username'],
  })
  .refine((c) => c.broker === 'external' || (c.password ?? '').length >= 12, {
    message: 'edge nodes sign in to the embedded broker with it: at least 12 characters',
    path: ['password'],
  });
export type SparkplugConfig = z.infer<typeof sparkplugConfigSchema>;

export const sparkplugSourceSchema = z
  .object({
    edge_node: sparkplugIdSchema,
    /** The device under the edge node; absent for a metric of the edge node itself. */
    device: sparkplugIdSchema.optional(),
    metric: z.string().min(1).max(256),
  })
  .strict();
export type SparkplugSource = z.infer<typeof sparkplugSourceSchema>;

// --- Connectors of any type ------------------------------------------------------------------

/** Builds a mapping schema for one type's source. */
export function mappingSchemaOf<S extends z.ZodType>(source: S) {
  return z
    .object({
      device_id: deviceIdSchema,
      /** A metric of the device's model (telemetry) or one of its properties (reported, and written when writable). */
      metric: metricNameSchema,
      source,
      scale: finite.optional(),
      offset: finite.optional(),
    })
    .strict();
}

/** Builds the create body of one connector type; `opcua` is added the same way. */
export function connectorVariantOf<T extends string, C extends z.ZodType, S extends z.ZodType>(
  type: T,
  config: C,
  source: S,
) {
  return z
    .object({
      id: connectorIdSchema,
      type: z.literal(type),
      enabled: z.boolean().default(true),
      config,
      mappings: z.array(mappingSchemaOf(source)).max(connectorLimits.mappings).default([]),
    })
    .strict();
}

/** Per type: its config and mapping source, and which config fields are secrets. */
export const connectorKinds = {
  modbus_tcp: { config: modbusConfigSchema, source: modbusSourceSchema, secrets: [] as string[] },
  sparkplug_b: { config: sparkplugConfigSchema, source: sparkplugSourceSchema, secrets: ['password'] },
  opcua: { config: opcuaConfigSchema, source: opcuaSourceSchema, secrets: ['password'] },
};
export type ConnectorType = keyof typeof connectorKinds;
export const connectorTypes = Object.keys(connectorKinds) as [ConnectorType, ...ConnectorType[]];

export const createConnectorBodySchema = z.discriminatedUnion('type', [
  connectorVariantOf('modbus_tcp', modbusConfigSchema, modbusSourceSchema),
  connectorVariantOf('sparkplug_b', sparkplugConfigSchema, sparkplugSourceSchema),
  connectorVariantOf('opcua', opcuaConfigSchema, opcuaSourceSchema),
]);
export type CreateConnectorBody = z.infer<typeof createConnectorBodySchema>;

/**
 * A change: `config` replaces the config (a secret left out keeps the stored one, "" clears it),
 * `mappings` replaces every mapping. Both are checked against the connector's type.
 */
export const updateConnectorBodySchema = z
  .object({
    enabled: z.boolean().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    mappings: z.array(z.unknown()).max(connectorLimits.mappings).optional(),
  })
  .strict();
export type UpdateConnectorBody = z.infer<typeof updateConnectorBodySchema>;

export const connectorMappingSchema = z.object({
  device_id: z.string(),
  metric: z.string(),
  source: z.record(z.string(), z.unknown()),
  scale: z.number().optional(),
  offset: z.number().optional(),
});
export type ConnectorMapping = z.infer<typeof connectorMappingSchema>;

export const connectorStates = ['connected', 'connecting', 'error', 'disabled'] as const;
export type ConnectorState = (typeof connectorStates)[number];

export const connectorStatusSchema = z.object({
  state: z.enum(connectorStates),
  last_error: z.string().nullable(),
  /** Readings accepted since the server started. */
  readings: z.number().int(),
  /** Values refused by ingestion (unknown metric, out of range…) or unreadable at the source. */
  rejected: z.number().int(),
  last_reading_at: z.iso.datetime().nullable(),
  /** Mappings that cannot be read (illegal address, wrong type…), each with why. */
  mapping_errors: z.array(z.object({ device_id: z.string(), metric: z.string(), error: z.string() })),
});
export type ConnectorStatus = z.infer<typeof connectorStatusSchema>;

export const connectorSchema = z.object({
  id: z.string(),
  type: z.enum(connectorTypes),
  enabled: z.boolean(),
  /** The config without its secrets. */
  config: z.record(z.string(), z.unknown()),
  /** Names of the secrets stored (their values are never returned). */
  secrets_set: z.array(z.string()),
  mappings: z.array(connectorMappingSchema),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Connector = z.infer<typeof connectorSchema>;

export const connectorIdParamsSchema = z.object({ id: connectorIdSchema });
export const connectorResponseSchema = z.object({ connector: connectorSchema });
export const connectorListSchema = z.object({
  items: z.array(connectorSchema.extend({ status: connectorStatusSchema })),
});

/** A Sparkplug device seen by an `auto_map` connector that no mapping covers yet. */
export const pendingDeviceSchema = z.object({
  edge_node: z.string(),
  device: z.string().nullable(),
  metrics: z.array(z.object({ name: z.string(), type: z.string() })),
  first_seen: z.iso.datetime(),
});
export type PendingDevice = z.infer<typeof pendingDeviceSchema>;
export const pendingDeviceListSchema = z.object({ items: z.array(pendingDeviceSchema) });

/** Accepting a pending device: it becomes a device of `model`, its same-named metrics mapped. */
export const acceptPendingBodySchema = z
  .object({
    edge_node: sparkplugIdSchema,
    device: sparkplugIdSchema.nullable(),
    device_id: deviceIdSchema,
    model: modelIdSchema,
    name: z.string().trim().min(1).max(120).optional(),
  })
  .strict();
export type AcceptPendingBody = z.infer<typeof acceptPendingBodySchema>;
export const acceptPendingResponseSchema = z.object({ connector: connectorSchema, device: deviceSchema });
