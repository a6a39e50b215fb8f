import { describe, expect, it } from 'vitest';
import { brokerJmxFrom, type JmxCounters, jmxUrlFor, parsePrometheusText, scrapeBrokerJmx } from './jmx.ts';

// As the jmx_exporter Kafka example rules name things.
const RULES_STYLE = (bytesIn: number, shrinks: number) => `
# HELP kafka_server_brokertopicmetrics_bytesin_total Attribute exposed for management
# TYPE kafka_server_brokertopicmetrics_bytesin_total counter
kafka_server_brokertopicmetrics_bytesin_total ${bytesIn}
kafka_server_brokertopicmetrics_bytesin_total{topic="orders"} 99999
kafka_server_replicamanager_underreplicatedpartitions 3.0
kafka_controller_kafkacontroller_activecontrollercount 1.0
kafka_server_replicamanager_count{name="IsrShrinksPerSec",} ${shrinks}
kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_total ${shrinks * 1e9}
`;

// As the exporter names things with no rules (lowercased).
const DEFAULT_STYLE = `
kafka_server_brokertopicmetrics_oneminuterate{name="MessagesInPerSec",} 12.5
kafka_server_brokertopicmetrics_oneminuterate{name="MessagesInPerSec",topic="x",} 7
kafka_server_replicamanager_value{name="UnderReplicatedPartitions",} 0.0
`;

describe('JMX exporter metrics', () => {
  it('parses the text format with labels and escapes', () => {
    expect(parsePrometheusText('a_b{x="1",y="q\\"uote"} 2.5 1700000000\n# c\nbad line\n')).toEqual([
      { name: 'a_b', labels: { x: '1', y: 'q"uote' }, value: 2.5 },
    ]);
  });

  it('turns counters into rates between scrapes and reads gauges, ignoring per-topic series', () => {
    const counters: JmxCounters = new Map();
    const first = brokerJmxFrom(parsePrometheusText(RULES_STYLE(1000, 4)), 0, counters);
    expect(first).toMatchObject({
      bytesInPerSec: null,
      underReplicatedPartitions: 3,
      activeControllerCount: 1,
      requestHandlerIdleRatio: null,
    });
    const second = brokerJmxFrom(parsePrometheusText(RULES_STYLE(6000, 6)), 10_000, counters);
    expect(second).toMatchObject({ bytesInPerSec: 500, isrShrinksPerSec: 0.2, bytesOutPerSec: null });
    // Idle nanoseconds per second, as a ratio: 2 idle seconds in 10 s.
    expect(second.requestHandlerIdleRatio).toBeCloseTo(0.2, 9);
  });

  it('reads the rule-less naming too', () => {
    expect(brokerJmxFrom(parsePrometheusText(DEFAULT_STYLE), 0, new Map())).toMatchObject({
      messagesInPerSec: 12.5,
      underReplicatedPartitions: 0,
    });
  });

  it('builds each broker’s URL', () => {
    expect(jmxUrlFor({ id: 2, host: 'k2' }, {}, 'http://{host}:7071/metrics?b={id}')).toBe(
      'http://k2:7071/metrics?b=2',
    );
    expect(jmxUrlFor({ id: 2, host: 'k2' }, { 2: 'http://x/m' }, 'http://{host}')).toBe('http://x/m');
    expect(jmxUrlFor({ id: 1, host: 'k1' }, {}, undefined)).toBeNull();
  });
});

describe('scraping an exporter that does not answer', () => {
  it('gives up after its timeout even when the HTTP client ignores the abort', async () => {
    let signal: AbortSignal | undefined;
    const neverSettles = ((_url: string, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => undefined);
    }) as typeof fetch;
    const started = Date.now();
    await expect(
      scrapeBrokerJmx('http://127.0.0.1:1/metrics', 200, new Map(), Date.now, neverSettles),
    ).rejects.toThrow('JMX exporter http://127.0.0.1:1/metrics timed out after 200 ms');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(signal?.aborted).toBe(true);
  });

  it('bounds the body too: an exporter that stalls after its headers fails the scrape', async () => {
    const stalledBody = (async () =>
      new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('up 1\n')) }), {
        status: 200,
      })) as typeof fetch;
    await expect(
      scrapeBrokerJmx('http://127.0.0.1:1/metrics', 200, new Map(), Date.now, stalledBody),
    ).rejects.toThrow('timed out after 200 ms');
  });
});
