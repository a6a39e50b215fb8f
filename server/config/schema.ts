import { z } from 'zod';
import { alertsSchema } from './alerts.ts';
import { duration, secret } from './kinds.ts';

// One schema per shape: it validates the YAML file (merged with environment overrides),
// yields the TypeScript types, and drives the env-variable names, secret redaction and
// the README's configuration reference. Mark secrets with `.meta({ secret: true })`:
// they get a `<key>File` / `<ENV>_FILE` variant and are never printed.

const regex = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

/** A list in YAML, or a comma-separated string (the natural form in env variables). */
const list = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : value,
    z.array(item),
  );

const hostPort = z.string().refine(
  (value) => {
    const match = /^[^\s:,]+:(\d{1,5})$/.exec(value);
    return match !== null && Number(match[1]) >= 1 && Number(match[1]) <= 65535;
  },
  { message: 'expected host:port with a port from 1 to 65535' },
);

const filters = z
  .strictObject({
    allow: list(regex)
      .default(() => [])
      .meta({ description: 'Regexes; when set, only matching names are kept.' }),
    ignore: list(regex)
      .default(() => [])
      .meta({ description: 'Regexes; matching names are dropped.' }),
  })
  .default(() => ({ allow: [], ignore: [] }));

const sasl = z.strictObject({
  mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
  username: z.string().min(1),
  password: secret().meta({ description: 'SASL password; prefer `passwordFile` or the `_FILE` variable.' }),
});

const tls = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .meta({ description: 'Connect with TLS (on as soon as a `tls` section exists).' }),
  caFile: z.string().min(1).optional().meta({ description: 'PEM file with the CA certificates to trust.' }),
  certFile: z.string().min(1).optional().meta({ description: 'PEM client certificate (mutual TLS).' }),
  keyFile: z.string().min(1).optional().meta({ description: 'PEM private key of the client certificate.' }),
  keyPassword: secret().optional().meta({ description: 'Passphrase of the client key.' }),
  servername: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Server name for SNI and certificate checks.' }),
  insecureSkipVerify: z
    .boolean()
    .default(false)
    .meta({ description: 'Accept any broker certificate. Only for testing; never in production.' }),
});

// Broker metrics from each broker's Prometheus JMX exporter agent (jmx_prometheus_javaagent).
const jmx = z.strictObject({
  urlTemplate: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'URL per broker; {host} and {id} are replaced, e.g. http://{host}:7071/metrics.' }),
  urls: z
    .record(z.string().regex(/^\d+$/, 'expected a broker id'), z.url())
    .default(() => ({}))
    .meta({ description: 'Explicit URL per broker id; wins over urlTemplate.' }),
  timeout: duration('timeout').default(5000).meta({ description: 'Timeout of one metrics request.' }),
});

export const clusterSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, ".", "_" or "-"')
    .meta({ description: 'Name shown in the UI and in the `cluster` label of every metric.' }),
  brokers: list(hostPort)
    .pipe(z.array(z.string()).min(1, 'at least one broker is required'))
    .meta({ description: 'Bootstrap servers, `host:port`.' }),
  clientId: z
    .string()
    .min(1)
    .default('kestrel')
    .meta({ description: 'Kafka client id (for quotas and broker logs).' }),
  pollInterval: duration('poll interval')
    .default(15_000)
    .meta({ description: 'Time between two collection cycles; cycles never overlap.' }),
  requestTimeout: duration('request timeout')
    .default(10_000)
    .meta({ description: 'Timeout of each Kafka request; a dead broker fails fast.' }),
  sasl: sasl.optional(),
  tls: tls.optional(),
  jmx: jmx.optional(),
  topics: filters,
  groups: filters,
  granularity: z.enum(['partition', 'topic']).default('partition').meta({
    description:
      'Detail of the Prometheus metrics: `topic` omits the per-partition series and keeps per-topic and per-group sums.',
  }),
});

const history = z
  .strictObject({
    rawRetention: duration('duration')
      .default(6 * 3_600_000)
      .meta({ description: 'How long per-cycle points are kept before only hourly roll-ups remain.' }),
    partitionRetention: duration('duration')
      .default(6 * 3_600_000)
      .meta({
        description: 'How long per-partition lag points are kept (at most rawRetention): the largest table.',
      }),
    hourlyRetention: duration('duration')
      .default(30 * 86_400_000)
      .meta({ description: 'How long hourly roll-ups are kept.' }),
    isrEventRetention: duration('duration')
      .default(30 * 86_400_000)
      .meta({ description: 'How long ISR shrink/expand events are kept.' }),
    auditRetention: duration('duration')
      .default(90 * 86_400_000)
      .meta({
        description: 'How long audit rows of admin attempts are kept (and at most the newest 100,000).',
      }),
  })
  .prefault({})
  .refine((h) => h.partitionRetention <= h.rawRetention, {
    message: 'partitionRetention must not exceed rawRetention',
    path: ['partitionRetention'],
  });

const metrics = z
  .strictObject({
    port: z.number().int().min(1).max(65535).optional().meta({
      description: 'Also serve /metrics (only) on this port, e.g. to keep scrapes off the UI port.',
    }),
    groupExpiry: duration('duration')
      .default(10 * 60_000)
      .meta({
        description:
          'A consumer group gone from the snapshots keeps its last values this long, then is dropped.',
      }),
  })
  .prefault({});

// Viewer passwords are stored as self-describing scrypt hashes (`kestrel hash-password`).
const SCRYPT_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;

const viewer = z.strictObject({
  username: z
    .string()
    .regex(/^[^:\s]{1,64}$/, 'expected 1-64 characters without ":" or spaces')
    .meta({ description: 'Viewer user name for HTTP Basic.' }),
  passwordHash: secret()
    .regex(SCRYPT_HASH, 'expected a hash made by `kestrel hash-password` (scrypt$N$r$p$salt$hash)')
    .meta({ description: 'scrypt hash of the password, from `kestrel hash-password`.' }),
});

const auth = z
  .strictObject({
    viewers: z
      .array(viewer)
      .default(() => [])
      .meta({ description: 'Users allowed to read the UI and API (HTTP Basic). Empty: reads are open.' }),
    protectedTopics: list(regex)
      .default(() => [])
      .meta({
        description: 'Regexes of topics that cannot be deleted, on top of `__*`, `_schemas` and `connect-*`.',
      }),
  })
  .prefault({})
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.viewers.forEach((v, index) => {
      if (seen.has(v.username))
        ctx.addIssue({
          code: 'custom',
          path: ['viewers', index, 'username'],
          message: 'duplicate user name',
        });
      seen.add(v.username);
    });
  });

// Reading messages is its own permission: messages can hold personal data.
const browse = z
  .strictObject({
    enabled: z.boolean().default(false).meta({
      description:
        'Let the admin token read topic messages (the message browser). Off: every browse is refused.',
    }),
    viewers: z.boolean().default(false).meta({
      description: 'Also let signed-in viewers (`auth.viewers`) read messages.',
    }),
    maxMessages: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(5000)
      .meta({ description: 'Most messages one request returns; larger limits are cut to this.' }),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(256 * 1024 * 1024)
      .default(8 * 1024 * 1024)
      .meta({ description: 'Most bytes (keys, values, headers) one request holds and returns.' }),
    timeout: duration('timeout')
      .default(10_000)
      .refine((ms) => ms <= 25_000, { message: 'at most 25s (HTTP requests end after 30s)' })
      .meta({ description: 'Time one request may read for; it answers with what it read by then.' }),
    maxConcurrent: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(2)
      .meta({ description: 'Browse requests served at once; more are refused with 429.' }),
  })
  .prefault({});

const cors = z
  .strictObject({
    origins: list(z.url())
      .default(() => [])
      .meta({ description: 'Origins allowed to call the API from a browser. Empty: no CORS headers.' }),
  })
  .prefault({});

export const configSchema = z
  .strictObject({
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(8048)
      .meta({ description: 'HTTP port of the UI, API and /metrics.' }),
    host: z.string().min(1).default('0.0.0.0').meta({ description: 'Address to listen on.' }),
    dataDir: z.string().min(1).default('./data').meta({ description: 'Directory for the SQLite database.' }),
    adminToken: secret()
      .refine((token) => token.length >= 16, { message: 'must be at least 16 characters' })
      .optional()
      .meta({ description: 'Bearer token for admin actions. Absent: every admin action is refused.' }),
    auth,
    cors,
    browse,
    history,
    metrics,
    alerts: alertsSchema,
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
      .default('info')
      .meta({ description: 'Log level of the JSON logs on stdout.' }),
    clusters: z
      .array(clusterSchema)
      .min(1)
      .prefault([{ name: 'local', brokers: ['localhost:9092'] }])
      .meta({ description: 'Clusters to monitor. Without any: `localhost:9092` as `local`.' })
      .superRefine((clusters, ctx) => {
        const seen = new Set<string>();
        clusters.forEach((cluster, index) => {
          if (seen.has(cluster.name)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `duplicate cluster name "${cluster.name}"`,
            });
          }
          seen.add(cluster.name);
        });
      }),
  })
  .refine((config) => config.metrics.port !== config.port, {
    message: 'metrics.port must differ from port (the dashboard port serves /metrics already)',
    path: ['metrics', 'port'],
  });

export type Config = z.output<typeof configSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;
export type SaslConfig = z.output<typeof sasl>;
export type TlsConfig = z.output<typeof tls>;
export type AuthConfig = z.output<typeof auth>;
export type ViewerConfig = z.output<typeof viewer>;
export type BrowseConfig = z.output<typeof browse>;
