import { createRequire } from 'node:module';
import pino from 'pino';
import { redactDeep, redactText } from './log-redaction';

export type Logger = pino.Logger;

/** Paths that may hold a secret are censored wherever they appear in a log line. */
const redact = [
  'password',
  '*.password',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'secret',
  '*.secret',
];

/** What a request looks like in the log: no headers, and no secret in its query string. */
function requestSerializer(req: { method?: string; url?: string; ip?: string; host?: string }) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactText(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
  };
}

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines for machines (production, log shippers); in development on a terminal, readable
 * lines ("12:00:01 INFO: Digital Twin is ready…") through pino-pretty, a development tool: where
 * it is not installed the lines stay JSON. Secrets are redacted in both.
 */
export function createLogger(options: {
  level: string;
  toStderr?: boolean;
  format?: LogFormat;
  /** Where lines go instead of stdout/stderr (tests). */
  destination?: NodeJS.WritableStream;
}): Logger {
  const fd = options.toStderr ? 2 : 1;
  const settings: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: redact, censor: '[redacted]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: requestSerializer,
      err: (err: unknown) => {
        // Not every `err` logged is an Error (a message, a library's plain object).
        if (!(err instanceof Error)) return typeof err === 'string' ? redactText(err) : redactDeep(err);
        const out = pino.stdSerializers.err(err);
        return {
          ...(redactDeep({ ...out }) as object),
          message: redactText(out.message),
          stack: redactText(out.stack),
        };
      },
    },
    formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
    hooks: {
      // The message and its interpolated values are text too.
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a: unknown) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
  if (options.format === 'pretty') {
    const pretty = loadPretty();
    if (pretty) {
      return pino(
        settings,
        pretty({
          colorize: options.destination === undefined,
          sync: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
          destination: options.destination ?? fd,
        }),
      );
    }
  }
  return pino(settings, options.destination ?? pino.destination(fd));
}

type PrettyFactory = (options: Record<string, unknown>) => NodeJS.WritableStream;

function loadPretty(): PrettyFactory | null {
  try {
    return createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  } catch {
    return null;
  }
}
