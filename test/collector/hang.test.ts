// A whole cluster that hangs (its broker SIGSTOPped: sockets open, nothing answers) for many
// poll cycles, watched by the real Kestrel process with JMX scraping on. The poll loop keeps
// going, and nothing piles up from one failed cycle to the next: no listener warnings, the
// open sockets and the memory stay flat, and the cluster is seen again once it wakes up.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, produce, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const CLUSTER = 'hung';

describe('a cluster that hangs for many poll cycles', () => {
  let kafka: KafkaCluster;
  let kestrel: KestrelProcess;

  beforeAll(async () => {
    kafka = await startCluster({ brokers: 1, jmx: true });
    await createTopics(kafka, [{ topic: 'orders', numPartitions: 3 }]);
    await produce(kafka, 'orders', 30);
    await withAdmin(kafka, (admin) =>
      admin.setOffsets({
        groupId: 'readers',
        topic: 'orders',
        partitions: [0, 1, 2].map((partition) => ({ partition, offset: '1' })),
      }),
    );
    const broker = kafka.brokers[0]!;
    kestrel = await startKestrel({
      config: {
        clusters: [
          {
            name: CLUSTER,
            brokers: kafka.bootstrap,
            pollInterval: '1s',
            requestTimeout: '2s',
            jmx: { urls: { [broker.id]: broker.jmxUrl }, timeout: '1s' },
          },
        ],
      },
      env: { NODE_OPTIONS: '--trace-warnings' },
    });
    await eventually(
      async () => ((await getJson(`${kestrel.url}/readyz`)).status === 200 ? true : undefined),
      60_000,
      'Kestrel ready',
    );
  });

  afterAll(async () => {
    await kestrel?.stop();
    await kafka?.stop();
  });

  it('keeps polling with flat sockets and memory, warns of no listener leak, and recovers', async () => {
    const broker = kafka.brokers[0]!.id;
    await kafka.pauseBroker(broker);
    // Nothing accepts on a stopped JVM: once its listen backlog is full, new connections hang
    // in SYN_SENT. Other clients of a real cluster fill it; here these do.
    const fillers = await fillBacklog(kafka.brokers[0]!.port);
    try {
      // A few failed cycles first, so every connection kafkajs and fetch keep has been tried.
      const warm = await afterCycles(kestrel, 5);
      const late = await afterCycles(kestrel, 20);
      expect(late.cycles - warm.cycles).toBeGreaterThanOrEqual(20);
      expect(late.sockets, JSON.stringify({ warm, late })).toBeLessThanOrEqual(warm.sockets + 2);
      expect(late.rssBytes, JSON.stringify({ warm, late })).toBeLessThan(warm.rssBytes * 1.15 + 10e6);
      expect((await getJson(`${kestrel.url}/healthz`)).body.status).toBe('degraded');
    } finally {
      for (const socket of fillers) socket.destroy();
      await kafka.resumeBroker(broker);
    }
    await eventually(
      async () => ((await getJson(`${kestrel.url}/healthz`)).body.status === 'ok' ? true : undefined),
      60_000,
      'the cluster reachable again',
    );
    expect(kestrel.output()).not.toMatch(/MaxListenersExceededWarning|memory leak/);
  });
});

interface Sample {
  cycles: number;
  sockets: number;
  rssBytes: number;
}

/** Waits for `count` more poll cycles of the process, then samples it. */
async function afterCycles(kestrel: KestrelProcess, count: number): Promise<Sample> {
  const start = await pollCycles(kestrel);
  await eventually(
    async () => ((await pollCycles(kestrel)) >= start + count ? true : undefined),
    count * 10_000,
    `${count} poll cycles while the cluster hangs`,
  );
  const pid = kestrel.child.pid!;
  return { cycles: await pollCycles(kestrel), sockets: openSockets(pid), rssBytes: rss(pid) };
}

async function pollCycles(kestrel: KestrelProcess): Promise<number> {
  const metrics = await (await fetch(`${kestrel.url}/metrics`)).text();
  const line = new RegExp(`^kestrel_collector_cycles_total\\{cluster="${CLUSTER}"\\} (\\d+)$`, 'm');
  return Number(line.exec(metrics)?.[1] ?? 0);
}

function openSockets(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false; // closed between the listing and the look
    }
  }).length;
}

function rss(pid: number): number {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) * 1024;
}

/** Opens connections to `port` until one no longer completes within a second (the backlog is full). */
async function fillBacklog(port: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < 2000; i++) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    sockets.push(socket);
    const connected = await new Promise<boolean>((done) => {
      const timer = setTimeout(() => done(false), 1000);
      socket.once('connect', () => {
        clearTimeout(timer);
        done(true);
      });
    });
    if (!connected) return sockets;
  }
  throw new Error('the stopped broker kept accepting 2000 connections');
}
