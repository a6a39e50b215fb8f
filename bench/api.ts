/**
 * Latency of the list routes at scale: 10,000 partitions (2,000 topics × 5) and 1,000
 * consumer groups in one synthetic ClusterSnapshot (no Kafka), served by the real Fastify app
 * (zod validation and serialization included) over loopback HTTP with keep-alive. For each
 * case it reports the first request after a new snapshot arrives (cold: rows and sort built)
 * and p50/p95/max over the following requests. Prints JSON.
 *
 *   npx tsx bench/api.ts
 */
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import type { ClusterSnapshot } from '../server/collector/index.ts';
import { buildApp } from '../server/http/index.ts';
import { createLogger } from '../server/shared/logger.ts';
import { syntheticSnapshot } from '../test/support/snapshot-fixtures.ts';
import { timedGet } from './http-get.ts';

const SHAPE = { cluster: 'bench', topics: 2_000, partitions: 5, groups: 1_000 };
const REQUESTS = 300;
const CASES: Record<string, string> = {
  'topics, page 1 of 50 by size': '/api/v1/clusters/bench/topics?sort=sizeBytes&order=desc&pageSize=50',
  'topics, page 20 of 50 by size':
    '/api/v1/clusters/bench/topics?sort=sizeBytes&order=desc&pageSize=50&page=20',
  'topics, by size, name filter': '/api/v1/clusters/bench/topics?sort=sizeBytes&order=desc&pageSize=50&q=1',
  'groups, page 1 of 50 by lag': '/api/v1/clusters/bench/groups?sort=lag&order=desc&pageSize=50',
  'groups, by lag seconds': '/api/v1/clusters/bench/groups?sort=timeLagSeconds&order=desc&pageSize=50',
};

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
// To 0.01 ms, not bench/stats.ts's 0.1: an answer from the snapshot takes well under a millisecond.
const round = (ms: number) => Math.round(ms * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

/** Every timed request must succeed: a fast error page would pass for a fast route. */
async function ok(url: string): Promise<{ ms: number; bytes: number }> {
  const answer = await timedGet(url, agent);
  if (answer.status !== 200) throw new Error(`${url}: HTTP ${answer.status}`);
  return answer;
}

async function main(): Promise<void> {
  let current: ClusterSnapshot = syntheticSnapshot(0, SHAPE);
  const app = await buildApp({
    logger: createLogger('warn'),
    clusterStatus: () => [],
    api: {
      status: () => [
        {
          cluster: 'bench',
          lastSuccessAt: current.collectedAt,
          lastError: null,
          consecutiveFailures: 0,
          cycles: 1,
        },
      ],
      latest: () => current,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await timedGet(`${base}/api/v1/clusters`, agent); // connection and JIT warm-up, no list sorted yet

  const results: Record<string, unknown> = {};
  let cycle = 0;
  for (const [name, path] of Object.entries(CASES)) {
    current = syntheticSnapshot(++cycle, SHAPE); // a new snapshot: nothing cached for it
    const cold = await ok(base + path);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push((await ok(base + path)).ms);
    times.sort((a, b) => a - b);
    results[name] = {
      path,
      coldMs: round(cold.ms),
      p50Ms: round(percentile(times, 0.5)),
      p95Ms: round(percentile(times, 0.95)),
      maxMs: round(times.at(-1)!),
      bytes: cold.bytes,
    };
  }
  await app.close();
  agent.destroy();
  const partitions = current.topics.reduce((n, t) => n + t.partitionCount, 0);
  process.stdout.write(
    `${JSON.stringify(
      {
        shape: { topics: current.topics.length, partitions, groups: current.groups.length },
        requestsPerCase: REQUESTS,
        goal: 'p95 <= 50 ms',
        node: process.version,
        loadavg1m: round(loadavg()[0]!),
        cases: results,
      },
      null,
      2,
    )}\n`,
  );
}

await main();
