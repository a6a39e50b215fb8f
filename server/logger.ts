import { type Logger, pino } from 'pino';

export type { Logger };

// Paths pino scrubs wherever they appear in a log line. Secrets should never reach a log
// call in the first place; this is the second line of defence.
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.adminToken',
  '*.keyPassword',
  '*.token',
  '*.secret',
  'sasl.password',
  'config.adminToken',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'kestrel' },
      redact: { paths: REDACT_PATHS, censor: '<redacted>' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}
