import type { Writable } from 'node:stream';
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

export function createLogger(options: { level: string; toStderr?: boolean; stream?: Writable }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redact, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: {
        req: requestSerializer,
        err: (err: Error) => {
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
            args.map((a: unknown) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<
              typeof method
            >,
          );
        },
      },
    },
    options.stream ?? pino.destination(options.toStderr ? 2 : 1),
  );
}
