import type { BrokerJmx } from '../model/index.ts';

/**
 * Broker metrics from the Prometheus JMX exporter agent. Exporter configs name things
 * differently (the jmx_exporter Kafka example rules, or no rules at all), so each metric is
 * looked up under the names those configs produce. Meters exported as counters are turned
 * into per-second rates between two scrapes.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Minimal Prometheus text-format parser: enough for the exporter's output. */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    const value = Number(match[3]);
    if (!Number.isNaN(value)) samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

type Kind = 'gauge' | 'rate';

/** Names under which a metric appears; `name` is the MBean's name= property, matched case-insensitively. */
interface Candidate {
  kind: Kind;
  names: string[];
  mbeanName?: string;
  /** Applied to a counter's per-second rate. */
  scale?: number;
}

/** A ratio read from two scrapes can overshoot 1 by the jitter between scrape times. */
const RATIOS = new Set<keyof BrokerJmx>(['requestHandlerIdleRatio']);

const METRICS: Record<keyof BrokerJmx, Candidate[]> = {
  bytesInPerSec: meter('kafka_server_brokertopicmetrics', 'BytesInPerSec', 'bytesin'),
  bytesOutPerSec: meter('kafka_server_brokertopicmetrics', 'BytesOutPerSec', 'bytesout'),
  messagesInPerSec: meter('kafka_server_brokertopicmetrics', 'MessagesInPerSec', 'messagesin'),
  isrShrinksPerSec: meter('kafka_server_replicamanager', 'IsrShrinksPerSec', 'isrshrinks'),
  isrExpandsPerSec: meter('kafka_server_replicamanager', 'IsrExpandsPerSec', 'isrexpands'),
  // Kafka marks this meter with idle nanoseconds: its count grows by 1e9 per idle second.
  requestHandlerIdleRatio: meter(
    'kafka_server_kafkarequesthandlerpool',
    'RequestHandlerAvgIdlePercent',
    'requesthandleravgidlepercent',
    1e-9,
  ),
  activeControllerCount: gauge('kafka_controller_kafkacontroller', 'ActiveControllerCount'),
  underReplicatedPartitions: gauge('kafka_server_replicamanager', 'UnderReplicatedPartitions'),
};

function meter(prefix: string, mbean: string, short: string, scale = 1): Candidate[] {
  // Counters first: a rate between two scrapes is exact, while the exporter's one-minute
  // rate is an average that reads 0 for the first seconds of a meter's life.
  return [
    { kind: 'rate', names: [`${prefix}_${short}_total`, `${prefix}_${short}persec_total`], scale },
    { kind: 'rate', names: [`${prefix}_count`], mbeanName: mbean, scale },
    { kind: 'gauge', names: [`${prefix}_oneminuterate`], mbeanName: mbean },
  ];
}

function gauge(prefix: string, mbean: string): Candidate[] {
  return [
    { kind: 'gauge', names: [`${prefix}_${mbean.toLowerCase()}`] },
    { kind: 'gauge', names: [`${prefix}_value`], mbeanName: mbean },
  ];
}

/** Counter values of the previous scrape, per metric, to turn counters into rates. */
export type JmxCounters = Map<string, { at: number; value: number }>;

/** Picks Kestrel's broker metrics out of one scrape. Broker-wide series only (no topic label). */
export function brokerJmxFrom(samples: readonly Sample[], at: number, counters: JmxCounters): BrokerJmx {
  const byName = new Map<string, Sample[]>();
  for (const s of samples) {
    if (s.labels.topic !== undefined) continue;
    const name = s.name.toLowerCase();
    const list = byName.get(name);
    if (list) list.push(s);
    else byName.set(name, [s]);
  }
  const result = {} as BrokerJmx;
  for (const [metric, candidates] of Object.entries(METRICS) as [
    keyof BrokerJmx,
    (typeof METRICS)[keyof BrokerJmx],
  ][]) {
    result[metric] = null;
    for (const candidate of candidates) {
      const sample = candidate.names
        .flatMap((n) => byName.get(n) ?? [])
        .find(
          (s) => !candidate.mbeanName || s.labels.name?.toLowerCase() === candidate.mbeanName.toLowerCase(),
        );
      if (!sample) continue;
      if (candidate.kind === 'gauge') {
        result[metric] = sample.value;
      } else {
        const previous = counters.get(metric);
        counters.set(metric, { at, value: sample.value });
        result[metric] =
          previous && at > previous.at && sample.value >= previous.value
            ? (((sample.value - previous.value) * 1000) / (at - previous.at)) * (candidate.scale ?? 1)
            : null;
        if (RATIOS.has(metric) && result[metric] !== null) result[metric] = Math.min(1, result[metric]);
      }
      break;
    }
  }
  return result;
}

/**
 * Scrapes one broker's exporter; throws on HTTP errors and when the whole scrape (connect,
 * headers and body) takes longer than `timeoutMs`.
 */
export async function scrapeBrokerJmx(
  url: string,
  timeoutMs: number,
  counters: JmxCounters,
  now = Date.now,
  fetchText: typeof fetch = fetch,
): Promise<BrokerJmx> {
  const text = await withDeadline(timeoutMs, `JMX exporter ${url}`, async (signal) => {
    const response = await fetchText(url, { signal });
    if (!response.ok) throw new Error(`JMX exporter ${url} answered HTTP ${response.status}`);
    return response.text();
  });
  return brokerJmxFrom(parsePrometheusText(text), now(), counters);
}

/**
 * Runs `work` with a signal that aborts after `ms`, and rejects at that moment whether or not
 * `work` heeds the signal. A scrape of a stopped broker's exporter was seen to outlive its
 * AbortSignal.timeout() by minutes under load, holding the whole poll cycle; a timer of our
 * own, raced against the work, cannot be outlived.
 */
async function withDeadline<T>(
  ms: number,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`${what} timed out after ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The exporter URL of a broker: an explicit one, or the template with {host} and {id} filled in. */
export function jmxUrlFor(
  broker: { id: number; host: string },
  urls: Record<string, string>,
  template: string | undefined,
): string | null {
  const explicit = urls[String(broker.id)];
  if (explicit) return explicit;
  return template ? template.replaceAll('{host}', broker.host).replaceAll('{id}', String(broker.id)) : null;
}
