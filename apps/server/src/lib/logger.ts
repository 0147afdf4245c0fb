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

export function createLogger(options: { level: string; toStderr?: boolean }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redact, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination(options.toStderr ? 2 : 1),
  );
}
