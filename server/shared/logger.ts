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

const CENSOR = '<redacted>';

/** Query parameter names that may carry a credential (`?token=`, `access_token`, `api_key`, `sign`…). */
const SECRET_PARAM = /token|key|secret|pass|pwd|sign|auth|cred|session|cookie/i;

/**
 * A request URL fit for a log line: the value of every query parameter whose name looks like a
 * secret is replaced. Kestrel never takes secrets in URLs, but a client may send one by mistake,
 * and the request log would otherwise keep it verbatim.
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const params = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replaceAll('+', ' '));
      } catch {}
      return SECRET_PARAM.test(decoded) ? `${name}=${CENSOR}` : pair;
    });
  return `${url.slice(0, query)}?${params.join('&')}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

// Fastify's own request serializer, but with the URL redacted (it merges these over its own).
const serializers = {
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: redactUrl(request.url),
    host: request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'kestrel' },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      serializers,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination as pino.DestinationStream | undefined,
  );
}
