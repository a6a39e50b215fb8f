// The demo's config file: what a newcomer reads must load into the same rules Kestrel would
// use by default, plus the demo's quick lag rules, all sent to the demo's alert log.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { defaultRules } from '../../alerts/index.ts';
import { DEMO_RECEIVER, DEMO_RULES, demoConfig } from '../../demo/config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'demo-config-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('writes the built-in rules and the demo rules, routed to the alert log webhook', () => {
  const webhook = 'http://127.0.0.1:4567/alerts';
  const { config, file } = demoConfig({ dataDir, bootstrap: '127.0.0.1:9092', alertWebhookUrl: webhook });
  // Written out and read back, the built-in rules are exactly the defaults.
  expect(config.alerts.rules.slice(0, -DEMO_RULES.length)).toEqual(defaultRules());
  expect(config.alerts.rules.slice(-DEMO_RULES.length)).toMatchObject([
    { name: 'DemoConsumerLag', kind: 'consumerLag', threshold: 100, for: 10_000 },
    { name: 'DemoLagStatus', kind: 'lagStatus', statuses: ['WARN', 'ERR'], for: 10_000 },
  ]);
  expect(config.alerts.receivers).toMatchObject([
    { name: DEMO_RECEIVER, channels: [{ type: 'webhook', url: webhook }] },
  ]);
  expect(config.alerts.route).toMatchObject({ receiver: DEMO_RECEIVER, groupWait: 2_000 });
  // Links in notifications open the demo's UI, on the port it listens on.
  expect(config.alerts.externalUrl).toBe(`http://127.0.0.1:${config.port}`);
  // Readable: durations as text, no empty fields.
  const yaml = readFileSync(file, 'utf8');
  expect(yaml).toContain('for: 5m');
  expect(yaml).not.toContain('labels: {}');
  expect(yaml).not.toContain('".*"');
});
