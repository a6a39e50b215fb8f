/** Measuring aids for bench/collect.ts: a ClusterReader that times its calls, and statistics. */
import type { ClusterReader } from '../server/collector/index.ts';
import type { RequestEvent } from '../server/kafka/protocol/index.ts';
import { median, round } from './stats.ts';

export interface Span {
  name: string;
  start: number;
  end: number;
  /** How many items the call asked for, where that varies. */
  items?: number;
}

export interface CallTiming {
  startMs: number;
  ms: number;
  items?: number;
}

/** Delegates to another reader and records when each call started and ended. */
export class TimedReader implements ClusterReader {
  spans: Span[] = [];

  constructor(private readonly inner: ClusterReader) {}

  get requestCount(): number {
    return this.inner.requestCount;
  }

  /** The spans since the last call, relative to `origin`. */
  takeSpans(origin: number): Record<string, CallTiming> {
    const taken: Record<string, CallTiming> = {};
    for (const span of this.spans) {
      const timing: CallTiming = { startMs: round(span.start - origin), ms: round(span.end - span.start) };
      if (span.items !== undefined) timing.items = span.items;
      taken[span.name] = timing;
    }
    this.spans = [];
    return taken;
  }

  metadata(): ReturnType<ClusterReader['metadata']> {
    return this.time('metadata', () => this.inner.metadata());
  }

  describeQuorum(): ReturnType<ClusterReader['describeQuorum']> {
    return this.time('describeQuorum', () => this.inner.describeQuorum());
  }

  topicConfigs(
    ...args: Parameters<ClusterReader['topicConfigs']>
  ): ReturnType<ClusterReader['topicConfigs']> {
    return this.time('topicConfigs', () => this.inner.topicConfigs(...args));
  }

  listGroups(): ReturnType<ClusterReader['listGroups']> {
    return this.time('listGroups', () => this.inner.listGroups());
  }

  describeGroups(
    ...args: Parameters<ClusterReader['describeGroups']>
  ): ReturnType<ClusterReader['describeGroups']> {
    return this.time('describeGroups', () => this.inner.describeGroups(...args));
  }

  committedOffsets(
    ...args: Parameters<ClusterReader['committedOffsets']>
  ): ReturnType<ClusterReader['committedOffsets']> {
    return this.time('committedOffsets', () => this.inner.committedOffsets(...args));
  }

  shareGroupOffsets(
    ...args: Parameters<ClusterReader['shareGroupOffsets']>
  ): ReturnType<ClusterReader['shareGroupOffsets']> {
    return this.time('shareGroupOffsets', () => this.inner.shareGroupOffsets(...args));
  }

  listOffsets(...args: Parameters<ClusterReader['listOffsets']>): ReturnType<ClusterReader['listOffsets']> {
    return this.time(`listOffsets:${args[1]}`, () => this.inner.listOffsets(...args));
  }

  logDirSizes(): ReturnType<ClusterReader['logDirSizes']> {
    return this.time('logDirSizes', () => this.inner.logDirSizes());
  }

  recordTimestamps(
    ...args: Parameters<ClusterReader['recordTimestamps']>
  ): ReturnType<ClusterReader['recordTimestamps']> {
    return this.time('recordTimestamps', () => this.inner.recordTimestamps(...args), args[0].length);
  }

  brokerJmx(...args: Parameters<ClusterReader['brokerJmx']>): ReturnType<ClusterReader['brokerJmx']> {
    return this.time(`brokerJmx:${args[0].id}`, () => this.inner.brokerJmx(...args));
  }

  private async time<T>(name: string, work: () => Promise<T>, items?: number): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.spans.push({ name, start, end: performance.now(), items });
    }
  }
}

/** Requests per API in one cycle, with the time each spent on the wire and in the broker. */
export class RequestTally {
  private byApi = new Map<string, { count: number; totalMs: number; maxMs: number }>();

  readonly listener = (event: RequestEvent): void => {
    const entry = this.byApi.get(event.apiName) ?? { count: 0, totalMs: 0, maxMs: 0 };
    entry.count++;
    entry.totalMs += event.duration;
    entry.maxMs = Math.max(entry.maxMs, event.duration);
    this.byApi.set(event.apiName, entry);
  };

  take(): Record<string, { count: number; totalMs: number; maxMs: number }> {
    const taken = Object.fromEntries(
      [...this.byApi].sort(([a], [b]) => a.localeCompare(b)).map(([api, e]) => [api, { ...e }]),
    );
    this.byApi = new Map();
    return taken;
  }
}

/** Median per key over records whose keys may differ (e.g. spans present only in some cycles). */
export function medianByKey(records: readonly Record<string, number>[]): Record<string, number> {
  const values = new Map<string, number[]>();
  for (const record of records)
    for (const [key, value] of Object.entries(record)) values.set(key, [...(values.get(key) ?? []), value]);
  return Object.fromEntries([...values].map(([key, list]) => [key, median(list)]));
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Self time per function, heaviest first: where the CPU went while the profile ran. */
export function topSelfTime(
  profile: CpuProfile,
  limit: number,
): { fn: string; selfMs: number; pct: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    const delta = deltas[i] ?? 0;
    if (!node) continue;
    total += delta;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  }
  return [...selfUs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, us]) => ({ fn, selfMs: round(us / 1000), pct: round((100 * us) / Math.max(total, 1)) }));
}

function shortUrl(url: string): string {
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  const inRepo = url.search(/\/(server|bench|test)\//);
  return inRepo >= 0 ? url.slice(inRepo + 1) : url.replace(/^file:\/\//, '');
}

/** JSON with every object or array that fits in `width` characters on one line. */
export function compactJson(value: unknown, width = 100, indent = ''): string {
  const flat = JSON.stringify(value);
  if (flat === undefined) return 'null';
  if (flat.length + indent.length <= width || value === null || typeof value !== 'object') return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value))
    return `[\n${value.map((v) => inner + compactJson(v, width, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries
    .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, width, inner)}`)
    .join(',\n')}\n${indent}}`;
}
