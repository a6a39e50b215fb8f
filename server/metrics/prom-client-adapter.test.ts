import { createRequire } from 'node:module';
import { Counter, Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  PROM_CLIENT_VERSION_WRITTEN_FOR,
  registeredMetrics,
  renderPromClientMetric,
} from './prom-client-adapter.ts';

describe('prom-client internals', () => {
  it('are the version the adapter was written and checked against', () => {
    // On a prom-client upgrade: re-check every reach in prom-client-adapter.ts (the content-type
    // switch, the counter rename, registration order), then update the constant.
    const { version } = createRequire(import.meta.url)('prom-client/package.json') as { version: string };
    expect(version).toBe(PROM_CLIENT_VERSION_WRITTEN_FOR);
  });

  it('render a counter with _total in Prometheus text and as OpenMetrics wants it, and leave it as it was', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'kestrel_x_total',
      help: 'X.',
      labelNames: ['k'],
      registers: [registry],
    });
    counter.inc({ k: 'a' }, 2);
    const before = await registry.metrics();
    expect(await renderPromClientMetric(registry, counter, 'openmetrics')).toBe(
      '# HELP kestrel_x X.\n# TYPE kestrel_x counter\nkestrel_x_total{k="a"} 2',
    );
    expect(await renderPromClientMetric(registry, counter, 'prometheus')).toBe(
      '# HELP kestrel_x_total X.\n# TYPE kestrel_x_total counter\nkestrel_x_total{k="a"} 2',
    );
    // The switch and the rename were undone: the registry renders as before.
    expect(registry.contentType).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    expect(await registry.metrics()).toBe(before);
  });

  it('keep the metrics in registration order', () => {
    const registry = new Registry();
    const made = ['b_one', 'a_two', 'c_three'].map(
      (name) => new Gauge({ name, help: name, registers: [registry] }),
    );
    expect(registeredMetrics(registry)).toEqual(made);
  });
});
