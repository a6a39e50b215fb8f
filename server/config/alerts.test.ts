import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dirs.ts';
import { loadConfig, REDACTED, redactConfig } from './index.ts';

const dir = useTempDirs()('kestrel-alerts-config-');
let n = 0;
function file(yaml: string): string {
  const path = join(dir, `kestrel-${n++}.yaml`);
  writeFileSync(path, yaml);
  return path;
}
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const RECEIVERS = `
  receivers:
    - name: oncall
      channels:
        - {type: webhook, url: "https://hooks.example/T0KEN-abc"}
`;

describe('alerts config', () => {
  it('has Alertmanager-like defaults and no rules (the built-in set applies)', () => {
    const { config } = loadConfig({ env: {} });
    expect(config.alerts).toMatchObject({
      enabled: true,
      rules: [],
      receivers: [],
      route: {
        groupBy: ['alertname', 'cluster'],
        groupWait: 5000,
        groupInterval: 300_000,
        repeatInterval: 14_400_000,
      },
    });
  });

  it('reads rules and receivers from the file, route settings also from the environment', () => {
    const { config } = loadConfig({
      env: { KESTREL_ALERTS_ROUTE_GROUP_WAIT: '0' },
      configPath: file(`alerts:
  rules:
    - {name: Lag, kind: consumerLag, threshold: 1000, group: "billing-.*", for: 2m, receivers: [oncall]}
${RECEIVERS}`),
    });
    expect(config.alerts.route.groupWait).toBe(0);
    expect(config.alerts.rules[0]).toMatchObject({ name: 'Lag', threshold: 1000, for: 120_000, topic: '.*' });
  });

  it('keeps channel secrets out of the printed config, and reads them from files', () => {
    const secret = join(dir, 'url');
    writeFileSync(secret, 'https://hooks.example/from-file\n');
    const { config } = loadConfig({
      env: {},
      configPath: file(`alerts:
  receivers:
    - name: oncall
      channels:
        - {type: webhook, urlFile: ${secret}}
`),
    });
    expect(config.alerts.receivers[0]!.channels[0]).toMatchObject({ url: 'https://hooks.example/from-file' });
    expect(redactConfig(config).alerts.receivers[0]!.channels[0]).toMatchObject({ url: REDACTED });
  });

  it('names the key of a bad rule, an unknown receiver or a duplicate name', () => {
    const bad = (yaml: string) => errorOf(() => loadConfig({ env: {}, configPath: file(yaml) }));
    expect(bad(`alerts:\n  rules:\n    - {name: X, kind: nope}\n`)).toMatch(/alerts\.rules\[0\]\.kind/);
    expect(bad(`alerts:\n  rules:\n    - {name: X, kind: brokerDown, receivers: [ghost]}\n`)).toMatch(
      /alerts\.rules\[0\]\.receivers\[0\].*unknown receiver "ghost"/,
    );
    expect(
      bad(`alerts:\n  rules:\n    - {name: X, kind: brokerDown}\n    - {name: X, kind: noController}\n`),
    ).toMatch(/alerts\.rules\[1\]\.name.*duplicate rule name "X"/);
    expect(bad(`alerts:\n  route: {receiver: ghost}\n`)).toMatch(/alerts\.route\.receiver.*unknown receiver/);
    expect(bad(`alerts:\n  rules:\n    - {name: X, kind: consumerLag, threshold: 1, group: "("}\n`)).toMatch(
      /alerts\.rules\[0\]\.group.*regular expression/,
    );
  });

  it('takes lists of rules and receivers from the file only', () => {
    expect(errorOf(() => loadConfig({ env: { KESTREL_ALERTS_RULES_0_NAME: 'X' } }))).toMatch(
      /KESTREL_ALERTS_RULES_0_NAME: unknown configuration variable/,
    );
  });
});
