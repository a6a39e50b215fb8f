// `alerts.enabled: false` means no alerts engine at all: no rule evaluation, no notification
// timer, no channel connections, none of the engine's series on /metrics, and an API that says
// plainly that alerts are off. Needs no Kafka: the one cluster is a closed port.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../local-kafka/ports.ts';
import { configSchema } from '../../server/config/index.ts';
import { type Service, startService } from '../../server/service.ts';
import { createLogger } from '../../server/shared/logger.ts';
import { useTempDirs } from '../support/temp-dirs.ts';

const tempDirs = useTempDirs();
let service: Service | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

async function start(alertsEnabled: boolean): Promise<Service> {
  const config = configSchema.parse({
    clusters: [{ name: 'dead', brokers: `127.0.0.1:${await freePort()}` }],
    host: '127.0.0.1',
    port: await freePort(),
    dataDir: tempDirs('kestrel-alerts-off-'),
    alerts: { enabled: alertsEnabled },
  });
  service = await startService(config, createLogger('silent'));
  return service;
}

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
};

describe('alerts.enabled: false', () => {
  it('builds no engine (so no evaluation and no timer), and the API says alerts are off', async () => {
    const s = await start(false);
    expect(s.alerts).toBeUndefined();
    const status = await get(`${s.url}/api/v1/alerts/status`);
    expect(status.status).toBe(200);
    expect(JSON.parse(status.text)).toEqual({
      enabled: false,
      message: expect.stringContaining('alerts are off (alerts.enabled: false'),
    });
    const alerts = await get(`${s.url}/api/v1/alerts`);
    expect(alerts.status).toBe(503);
    expect(JSON.parse(alerts.text)).toMatchObject({ error: 'alerts_disabled' });
    // The engine registers its series when it is built; none of them exists.
    const metrics = await get(`${s.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('kestrel_'); // the exporter itself answers
    expect(metrics.text).not.toMatch(
      /kestrel_alerts_firing|kestrel_notifications_total|kestrel_alert_evaluation/,
    );
  });

  it('by contrast, with alerts on, the engine and its series are there', async () => {
    const s = await start(true);
    expect(s.alerts).toBeDefined();
    expect(JSON.parse((await get(`${s.url}/api/v1/alerts/status`)).text)).toEqual({
      enabled: true,
      message: null,
    });
    expect((await get(`${s.url}/metrics`)).text).toMatch(/kestrel_alert_evaluation_failures_total/);
  });
});
