import { z } from 'zod';

/**
 * OPC UA connectors: the server is an OPC UA client of a PLC or gateway, subscribes to the mapped
 * variables (monitored items, with the server's source timestamps) and writes desired values back.
 */
export const opcuaLimits = {
  minSamplingIntervalMs: 50,
  maxSamplingIntervalMs: 3_600_000,
  /** Child nodes returned by one browse (the rest are counted in `truncated`). */
  browseItems: 1000,
  nodeIdLength: 512,
} as const;

export const opcuaSecurityModes = ['None', 'Sign', 'SignAndEncrypt'] as const;
/** The policies node-opcua speaks; the deprecated Basic128Rsa15 and Basic256 are left out. */
export const opcuaSecurityPolicies = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
] as const;

/**
 * An OPC UA node id in its string form: `ns=2;s=Pump1.Flow`, `i=85`, `ns=1;i=1000`,
 * `ns=3;g=<guid>` or `ns=3;b=<base64>`.
 */
export const opcuaNodeIdSchema = z
  .string()
  .trim()
  .max(opcuaLimits.nodeIdLength)
  .regex(
    /^(ns=\d{1,5};)?(i=\d{1,10}|s=.+|g=[0-9A-Fa-f-]{36}|b=[A-Za-z0-9+/=]+)$/,
    'an OPC UA node id such as ns=2;s=Pump1.Flow or i=85',
  );

export const opcuaConfigSchema = z
  .object({
    endpoint_url: z
      .string()
      .trim()
      .max(512)
      .regex(/^opc\.tcp:\/\/[^\s/:]+(:\d{1,5})?(\/[^\s]*)?$/, 'an opc.tcp://host:port/path URL'),
    security_mode: z.enum(opcuaSecurityModes).default('None'),
    security_policy: z.enum(opcuaSecurityPolicies).default('None'),
    /** Absent: anonymous. */
    username: z.string().min(1).max(128).optional(),
    /** A secret: write-only, encrypted at rest, never returned. */
    password: z.string().max(256).optional(),
    sampling_interval_ms: z
      .number()
      .int()
      .min(opcuaLimits.minSamplingIntervalMs)
      .max(opcuaLimits.maxSamplingIntervalMs)
      .default(500),
  })
  .strict()
  .refine((c) => (c.security_mode === 'None') === (c.security_policy === 'None'), {
    message: 'security mode None goes with policy None; Sign and SignAndEncrypt need a policy',
    path: ['security_policy'],
  });
export type OpcuaConfig = z.infer<typeof opcuaConfigSchema>;

export const opcuaSourceSchema = z.object({ node_id: opcuaNodeIdSchema }).strict();
export type OpcuaSource = z.infer<typeof opcuaSourceSchema>;

export const opcuaBrowseQuerySchema = z.object({ node_id: opcuaNodeIdSchema.optional() }).strict();

export const opcuaNodeClasses = [
  'Object',
  'Variable',
  'Method',
  'ObjectType',
  'VariableType',
  'ReferenceType',
  'DataType',
  'View',
  'Unspecified',
] as const;

export const opcuaBrowseItemSchema = z.object({
  node_id: z.string(),
  browse_name: z.string(),
  display_name: z.string(),
  node_class: z.enum(opcuaNodeClasses),
  /** Variables: the value's type (Double, Int32, Boolean…) and whether it can be written. */
  data_type: z.string().nullable(),
  writable: z.boolean(),
});
export type OpcuaBrowseItem = z.infer<typeof opcuaBrowseItemSchema>;

export const opcuaBrowseResponseSchema = z.object({
  node_id: z.string(),
  items: z.array(opcuaBrowseItemSchema),
  /** Children left out past `opcuaLimits.browseItems`. */
  truncated: z.number().int(),
});
export type OpcuaBrowseResponse = z.infer<typeof opcuaBrowseResponseSchema>;

/** One mapping read now (the test-read button). */
export const testReadItemSchema = z.object({
  device_id: z.string(),
  metric: z.string(),
  /** The value after scale and offset, or null when it could not be read. */
  value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
  source_timestamp: z.iso.datetime().nullable(),
  error: z.string().nullable(),
});
export type TestReadItem = z.infer<typeof testReadItemSchema>;
export const testReadResponseSchema = z.object({ items: z.array(testReadItemSchema) });
export type TestReadResponse = z.infer<typeof testReadResponseSchema>;
