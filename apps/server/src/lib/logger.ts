import { createRequire } from 'node:module';
import pino from 'pino';

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

export type LogFormat = 'json' | 'pretty';

/**
 * JSON lines for machines (production, log shippers); in development on a terminal, readable
 * lines ("12:00:01 INFO: Digital Twin is ready…") through pino-pretty, a development tool: where
 * it is not installed the lines stay JSON.
 */
export function createLogger(options: {
  level: string;
  toStderr?: boolean;
  format?: LogFormat;
  /** Where lines go instead of stdout/stderr (tests). */
  destination?: NodeJS.WritableStream;
}): Logger {
  const fd = options.toStderr ? 2 : 1;
  const settings = {
    level: options.level,
    redact: { paths: redact, censor: '[redacted]' },
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
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
