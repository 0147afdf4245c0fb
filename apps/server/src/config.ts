import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The repository root. Relative paths (DATA_DIR, ENCRYPTION_KEY_FILE) resolve against it, not
 * the working directory, so `npm start`, `npx dtwin` and `npm run dtwin` share one data/ and config/.
 */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const port = z.coerce.number().int().min(0).max(65535);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const roleNames = ['api', 'ingest', 'worker'] as const;

/** Every environment variable the server reads, in one schema; nothing else touches process.env. */
const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: port.default(8080),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
    ),
    JWT_SECRET_KEY: optionalText,
    SECRET_KEY: optionalText,
    ENCRYPTION_KEY_FILE: z.string().min(1).default('config/encryption.key'),
    CORS_ALLOWED_ORIGINS: list,
    ADMIN_USERNAME: z.string().min(1).default('admin'),
    ADMIN_PASSWORD: optionalText,
    REGISTRATION: z.enum(['open', 'closed']).default('open'),
    SIMULATOR_DEVICES: z.coerce.number().int().min(0).max(100_000).default(25),
    SIMULATOR_SEED: z.coerce.number().int().min(0).default(1),
    SIMULATOR_TIME_SCALE: z.coerce.number().min(1).max(10_000).default(1),
    /** The simulated plant also serves machines over Modbus TCP and Sparkplug B (default: with the simulator, off in tests). */
    SIMULATOR_PROTOCOLS: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
    /** The simulated plant's OPC UA server (127.0.0.1); 0: any free port. */
    SIMULATOR_OPCUA_PORT: port.default(0),
    /** A lost connector connection is retried after this, doubling up to CONNECTOR_RETRY_MAX_MS. */
    CONNECTOR_RETRY_INITIAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
    CONNECTOR_RETRY_MAX_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    MQTT_PORT: port.default(1883),
    MQTT_URL: optionalText,
    /** The shared subscription group of the servers of one deployment on an external broker. */
    MQTT_SHARED_GROUP: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ (at most 64)')
      .default('dtwin'),
    MQTT_MAX_PACKET_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(256 * 1024 * 1024)
      .default(256 * 1024),
    MQTT_AUTH_TIMEOUT_S: z.coerce.number().int().min(1).max(300).default(5),
    MQTT_MAX_PENDING_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
    MQTT_MAX_AUTH_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
    MQTT_MAX_QOS0_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
    REDIS_URL: optionalText,
    ROLES: list.pipe(z.array(z.enum(roleNames))).transform((r) => (r.length === 0 ? [...roleNames] : r)),
    RETENTION_RAW_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
    METRICS_TOKEN: optionalText,
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    AUDIT_MAX_ROWS: z.coerce.number().int().min(1000).max(100_000_000).default(1_000_000),
    AUDIT_DENIED_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `pretty`: readable lines; `json`: one JSON object a line. Default: pretty in development on a terminal. */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    TRUST_PROXY: flag,
    /** Lets webhook and Slack channels reach loopback, private and link-local addresses. */
    ALLOW_PRIVATE_WEBHOOKS: flag,
    LOGIN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
    LOGIN_WINDOW_S: z.coerce.number().int().min(1).default(900),
    ENERGY_PRICE_PER_KWH: z.coerce.number().min(0).max(1000).default(0.15),
    /** `on`: anomaly scoring, health and predictions run on a thread of their own with its own database connection. */
    ANALYTICS_THREAD: z.enum(['on', 'off']).default('on'),
    /** Readings waiting to be scored at most; a committed batch that does not fit is skipped and counted. */
    ANALYTICS_QUEUE_READINGS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
    /** Health and prediction computations waiting at most; one refused is counted and its device done later. */
    ANALYTICS_QUEUE_COMPUTATIONS: z.coerce.number().int().min(1).max(10_000).default(100),
    /** performance, reliability, efficiency, safety, maintenance: five non-negative numbers, scaled to sum to 1. */
    HEALTH_WEIGHTS: z
      .string()
      .optional()
      .transform((v) => (v ?? '0.30,0.25,0.20,0.15,0.10').split(',').map((x) => Number(x.trim())))
      .refine((w) => w.length === 5 && w.every((x) => Number.isFinite(x) && x >= 0) && w.some((x) => x > 0), {
        message:
          'must be five non-negative numbers, not all zero (performance,reliability,efficiency,safety,maintenance)',
      }),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['JWT_SECRET_KEY', 'SECRET_KEY'] as const) {
      const value = env[name];
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is required when NODE_ENV=production' });
      } else if (Buffer.byteLength(value, 'utf8') < 32) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'must be at least 32 bytes long' });
      }
    }
    if (env.CORS_ALLOWED_ORIGINS.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['CORS_ALLOWED_ORIGINS'],
        message: "may not contain '*' in production; list the dashboard's origins",
      });
    }
  });

export type Env = z.input<typeof envSchema>;

export type Config = ReturnType<typeof toConfig>;

function healthWeightsOf(w: number[]) {
  const total = w.reduce((a, b) => a + b, 0);
  const [performance = 0, reliability = 0, efficiency = 0, safety = 0, maintenance = 0] = w.map(
    (x) => x / total,
  );
  return { performance, reliability, efficiency, safety, maintenance };
}

function toConfig(env: z.output<typeof envSchema>) {
  const dataDir = path.resolve(projectRoot, env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    production: env.NODE_ENV === 'production',
    host: env.HOST,
    port: env.PORT,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    sqliteFile: path.join(dataDir, 'dtwin.sqlite'),
    jwtSecret: env.JWT_SECRET_KEY,
    secretKey: env.SECRET_KEY,
    encryptionKeyFile: path.resolve(projectRoot, env.ENCRYPTION_KEY_FILE),
    corsOrigins: env.CORS_ALLOWED_ORIGINS,
    admin: { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD },
    registrationOpen: env.REGISTRATION === 'open',
    simulator: {
      devices: env.SIMULATOR_DEVICES,
      seed: env.SIMULATOR_SEED,
      timeScale: env.SIMULATOR_TIME_SCALE,
      protocols:
        env.SIMULATOR_PROTOCOLS === undefined
          ? env.NODE_ENV !== 'test' && env.SIMULATOR_DEVICES > 0
          : ['true', '1', 'yes'].includes(env.SIMULATOR_PROTOCOLS),
      opcuaPort: env.SIMULATOR_OPCUA_PORT,
    },
    connectorBackoff: { initialMs: env.CONNECTOR_RETRY_INITIAL_MS, maxMs: env.CONNECTOR_RETRY_MAX_MS },
    mqttPort: env.MQTT_PORT,
    mqttUrl: env.MQTT_URL,
    mqttSharedGroup: env.MQTT_SHARED_GROUP,
    mqttLimits: {
      maxPacketBytes: env.MQTT_MAX_PACKET_BYTES,
      authTimeoutMs: env.MQTT_AUTH_TIMEOUT_S * 1000,
      maxPendingPerAddress: env.MQTT_MAX_PENDING_PER_IP,
      maxFailuresPerAddress: env.MQTT_MAX_AUTH_FAILURES_PER_IP,
      windowMs: env.LOGIN_WINDOW_S * 1000,
      maxQos0InFlight: env.MQTT_MAX_QOS0_IN_FLIGHT,
    },
    redisUrl: env.REDIS_URL,
    roles: new Set(env.ROLES),
    retentionRawDays: env.RETENTION_RAW_DAYS,
    metricsToken: env.METRICS_TOKEN,
    auditLimits: {
      retentionMs: env.AUDIT_RETENTION_DAYS * 86_400_000,
      maxRows: env.AUDIT_MAX_ROWS,
      deniedWindowMs: env.AUDIT_DENIED_WINDOW_S * 1000,
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    allowPrivateWebhooks: env.ALLOW_PRIVATE_WEBHOOKS,
    loginLimits: {
      perUser: env.LOGIN_MAX_FAILURES_PER_USER,
      perIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: env.LOGIN_WINDOW_S * 1000,
    },
    energyPricePerKwh: env.ENERGY_PRICE_PER_KWH,
    healthWeights: healthWeightsOf(env.HEALTH_WEIGHTS),
    analytics: {
      thread: env.ANALYTICS_THREAD === 'on',
      maxQueuedReadings: env.ANALYTICS_QUEUE_READINGS,
      maxQueuedComputations: env.ANALYTICS_QUEUE_COMPUTATIONS,
    },
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the whole environment at once, so every bad variable is reported together. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`),
    );
  }
  return toConfig(result.data);
}

export function readConfig(overrides: Record<string, string | undefined> = {}): Config {
  return parseConfig({ ...process.env, ...overrides });
}
