// The demo's Kestrel configuration: written as a YAML file (so a newcomer can read what a real
// config looks like) and loaded through the same loader as `kestrel start`.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type Config, loadConfig } from '../server/config/index.ts';

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
    ...demoAlerts(input.alertWebhookUrl),
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

/**
 * HOOK (alerts engine, issue 7): return the `alerts:` section that sends every notification to
 * the demo's loopback receiver, e.g. a `webhook` receiver with `url: webhookUrl` and a route or
 * rule set that covers the demo's groups (lag WARN, STALL, STOP). Empty until the alerts schema
 * exists on this branch: an unknown `alerts:` key would be a config error.
 */
export function demoAlerts(_webhookUrl: string): Record<string, unknown> {
  return {};
}
