// The demo's Kestrel configuration: written as a YAML file (so a newcomer can read what a real
// config looks like) and loaded through the same loader as `kestrel start`.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { defaultRules } from '../alerts/index.ts';
import { formatDuration } from '../server/config/duration.ts';
import { type Config, loadConfig, type RuleConfig } from '../server/config/index.ts';

export const DEMO_CLUSTER = 'demo';
export const DEFAULT_DEMO_PORT = 8048;

export interface DemoConfig {
  config: Config;
  file: string;
  /** Generated at every start; printed once, never written to disk. */
  adminToken: string;
}

export function demoConfig(input: {
  dataDir: string;
  bootstrap: string;
  alertWebhookUrl: string;
}): DemoConfig {
  const adminToken = randomBytes(24).toString('base64url');
  const file = join(input.dataDir, 'kestrel.yaml');
  // KESTREL_PORT wins over the file (below), so the links in notifications follow it.
  const port = Number(process.env.KESTREL_PORT ?? DEFAULT_DEMO_PORT);
  const yaml = {
    port: DEFAULT_DEMO_PORT,
    // Loopback only: the demo's admin token must not be usable from the network.
    host: '127.0.0.1',
    dataDir: input.dataDir,
    logLevel: 'warn',
    clusters: [
      {
        name: DEMO_CLUSTER,
        brokers: input.bootstrap.split(','),
        // Fast enough that the lag states (10 observations each) show within half a minute.
        pollInterval: '2s',
        requestTimeout: '5s',
      },
    ],
    ...demoAlerts(input.alertWebhookUrl, `http://127.0.0.1:${port}`),
  };
  writeFileSync(file, `# Written by npm run demo\n${stringify(yaml)}`, { mode: 0o600 });
  // The user's KESTREL_* variables (KESTREL_PORT, KESTREL_LOG_LEVEL…) win over the file, as for
  // `kestrel start`; cluster variables are left out so they cannot point the demo elsewhere.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) =>
        name.startsWith('KESTREL_') && !name.startsWith('KESTREL_CLUSTERS_') && name !== 'KESTREL_CONFIG',
    ),
  );
  const { config } = loadConfig({ configPath: file, env: { ...env, KESTREL_ADMIN_TOKEN: adminToken } });
  return { config, file, adminToken };
}

/** The receiver every demo notification goes to: the loopback alert log. */
export const DEMO_RECEIVER = 'demo-log';

/**
 * Rules on top of the built-in set so the demo's troubled groups alert within seconds rather
 * than the defaults' minutes: any group over 100 messages behind (analytics, audit, reports),
 * and the Burrow statuses WARN (analytics) and ERR (audit stalled, reports stopped).
 */
export const DEMO_RULES = [
  { name: 'DemoConsumerLag', kind: 'consumerLag', threshold: 100, for: '10s' },
  { name: 'DemoLagStatus', kind: 'lagStatus', statuses: ['WARN', 'ERR'], for: '10s' },
] as const;

/**
 * The `alerts:` section: links to the demo's UI, the built-in rules written out (a listed rule set replaces the
 * defaults, and a newcomer sees what they are), the demo's quick lag rules, and one webhook
 * receiver, the demo's alert log. Short grouping waits so a change shows within seconds.
 */
export function demoAlerts(webhookUrl: string, externalUrl: string): Record<string, unknown> {
  return {
    alerts: {
      // Where the links in notifications point: the demo's own UI.
      externalUrl,
      rules: [...defaultRules().map(readableRule), ...DEMO_RULES],
      receivers: [{ name: DEMO_RECEIVER, channels: [{ type: 'webhook', url: webhookUrl }] }],
      route: { receiver: DEMO_RECEIVER, groupWait: '2s', groupInterval: '30s' },
    },
  };
}

/** A parsed rule as one would write it: fields left empty or at "all" dropped, durations as text. */
function readableRule(rule: RuleConfig): Record<string, unknown> {
  const written: Record<string, unknown> = { name: rule.name, kind: rule.kind };
  for (const [key, value] of Object.entries(rule)) {
    if (key in written || value === '.*' || (typeof value === 'object' && Object.keys(value).length === 0))
      continue;
    if (key === 'keepFiringFor' && value === 0) continue;
    const isDuration = key === 'for' || key === 'keepFiringFor';
    written[key] = isDuration ? (value === 0 ? 0 : formatDuration(value as number)) : value;
  }
  return written;
}
