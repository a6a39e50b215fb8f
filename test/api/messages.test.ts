// The message browser end to end: the real service (child processes) reading a real one-broker
// Kafka, checked against what Kafka's own console consumer prints for the same records.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Admin, CompressionTypes, type Kafka, type Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, kafkaFor } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { type ConsoleRecord, kafkaConsoleConsumer, kafkaProducerPerformance } from '../kafka/clients.ts';
import { eventually, getJson, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';

const TOKEN = 'integration-browse-token-5d1c7e2a';
const VIEWER = { username: 'alice', password: 'alice-secret-password' };
const SMALL_MAX_BYTES = 64 * 1024;
const T0 = Date.UTC(2026, 0, 1);
const BIG = 100_000;

interface View {
  format: 'text' | 'json' | 'binary';
  text: string | null;
  base64: string | null;
  size: number;
}
interface ShownMessage {
  partition: number;
  offset: number;
  timestamp: number;
  key: View | null;
  value: View | null;
  headers: { key: string; value: View | null }[];
  transactional: boolean;
  control: 'commit' | 'abort' | null;
}
interface Page {
  limit: number;
  limitCapped: boolean;
  stoppedBy: string;
  scanned: number;
  bytes: number;
  partitions: { partition: number; error: string | null }[];
  messages: ShownMessage[];
}

/** The bytes behind a view, as the console consumer prints them (UTF-8, lossy for binary). */
const printed = (view: View | null) =>
  view === null
    ? 'null'
    : view.format === 'binary'
      ? Buffer.from(view.base64!, 'base64').toString('utf8')
      : view.text!;

/** A message as the console consumer's line for it reads. */
const asConsoleLine = (m: ShownMessage): ConsoleRecord => ({
  partition: m.partition,
  offset: m.offset,
  headers:
    m.headers.length === 0 ? 'NO_HEADERS' : m.headers.map((h) => `${h.key}:${printed(h.value)}`).join(','),
  key: printed(m.key),
  value: printed(m.value),
});

describe('message browser against a real Kafka', () => {
  let kafka: KafkaCluster;
  let client: Kafka;
  let admin: Admin;
  let kestrel: KestrelProcess;
  let strict: KestrelProcess;
  let payloadDir: string;

  const browse = async (
    service: KestrelProcess,
    topic: string,
    query: string,
    authorization = `Bearer ${TOKEN}`,
  ) => {
    const response = await fetch(`${service.url}/api/v1/clusters/local/topics/${topic}/messages?${query}`, {
      headers: { authorization, 'user-agent': 'browse-test' },
    });
    return { status: response.status, body: (await response.json()) as Page & { error?: string } };
  };
  const page = async (topic: string, query: string, service = kestrel): Promise<Page> => {
    const { status, body } = await browse(service, topic, query);
    expect(status, `${topic}?${query}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
    return body;
  };
  const lastAudit = async (service: KestrelProcess) => {
    const response = await fetch(`${service.url}/api/v1/audit?limit=1`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    return ((await response.json()) as { items: Record<string, unknown>[] }).items[0];
  };
  const send = async (topic: string, messages: Message[], compression = CompressionTypes.None) => {
    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, compression, messages });
    } finally {
      await producer.disconnect();
    }
  };
  const transaction = async (topic: string, values: string[], outcome: 'commit' | 'abort') => {
    const producer = client.producer({
      transactionalId: `tx-${outcome}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      const tx = await producer.transaction();
      await tx.send({ topic, acks: -1, messages: values.map((value) => ({ key: 'tx', value })) });
      await (outcome === 'commit' ? tx.commit() : tx.abort());
    } finally {
      await producer.disconnect();
    }
  };
  /** Kafka's Java producer, writing batches with one of the codecs kafkajs lacks. */
  const javaProduce = async (topic: string, codec: string) => {
    const file = join(payloadDir, `${codec}.txt`);
    writeFileSync(
      file,
      [`${codec} payload one`, `{"codec":"${codec}","n":2}`, `${codec} payload ünïcode`].join('\n'),
    );
    await kafkaProducerPerformance(kafka, {
      topic,
      records: 12,
      payloadFile: file,
      producerProps: { 'compression.type': codec, 'linger.ms': '200', acks: 'all' },
    });
  };

  beforeAll(async () => {
    payloadDir = mkdtempSync(join(tmpdir(), 'kestrel-browse-payloads-'));
    kafka = await startCluster({ brokers: 1 });
    client = kafkaFor(kafka);
    admin = client.admin();
    await admin.connect();
    const clusters = [{ name: 'local', brokers: kafka.bootstrap, pollInterval: '2s' }];
    const viewers = [{ username: VIEWER.username, passwordHash: await hashPassword(VIEWER.password) }];
    [kestrel, strict] = await Promise.all([
      startKestrel({
        config: { adminToken: TOKEN, clusters, browse: { enabled: true, maxBytes: 4 * 1024 * 1024 } },
      }),
      startKestrel({
        config: {
          adminToken: TOKEN,
          clusters,
          auth: { viewers },
          browse: { enabled: true, viewers: false, maxBytes: SMALL_MAX_BYTES },
        },
      }),
    ]);
    await createTopics(kafka, [
      { topic: 'mixed', numPartitions: 1, replicationFactor: 1 },
      { topic: 'timed', numPartitions: 3, replicationFactor: 1 },
      { topic: 'big', numPartitions: 1, replicationFactor: 1 },
    ]);
    await Promise.all(
      [kestrel, strict].map((service) =>
        eventually(
          async () => ((await getJson(`${service.url}/readyz`)).status === 200 ? true : undefined),
          60_000,
          'Kestrel ready',
        ),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all([kestrel?.stop(), strict?.stop()]);
    await admin?.disconnect();
    await kafka?.stop();
    if (payloadDir) rmSync(payloadDir, { recursive: true, force: true });
  });

  it('returns for a range what the console consumer prints: keys, headers, binary, every codec, committed only', async () => {
    await send('mixed', [
      { key: 'order-1', value: '{"id":1,"name":"ada"}', headers: { trace: 'abc', source: 'web' } },
      { key: null, value: 'plain text value' },
      { key: 'bin', value: Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x41, 0x7f]) },
      { key: 'tombstone', value: null },
      { key: 'repeated', value: 'v', headers: { h: ['1', '2'] } },
    ]);
    await transaction('mixed', ['aborted-1', 'aborted-2', 'aborted-3'], 'abort');
    await transaction('mixed', ['committed-1', 'committed-2'], 'commit');
    await send(
      'mixed',
      Array.from({ length: 5 }, (_, i) => ({ key: `gzip-${i}`, value: `gzip value ${i}` })),
      CompressionTypes.GZIP,
    );
    for (const codec of ['snappy', 'lz4', 'zstd']) await javaProduce('mixed', codec);

    const all = await page('mixed', 'partitions=0&from=earliest&limit=5000');
    expect(all.stoppedBy).toBe('end');
    expect(all.partitions).toEqual([expect.objectContaining({ partition: 0, error: null })]);
    const consoleRecords = await kafkaConsoleConsumer(kafka, [
      ...['--topic', 'mixed', '--partition', '0', '--offset', 'earliest'],
      ...['--isolation-level', 'read_committed', '--timeout-ms', '8000'],
    ]);
    // 5 plain + 2 committed + 5 gzip + 3 × 12 from the Java producer; the aborted 3 are not there.
    expect(consoleRecords).toHaveLength(48);
    expect(all.messages.map(asConsoleLine)).toEqual(consoleRecords);
    expect(all.messages.map((m) => m.value?.text)).not.toContain('aborted-1');
    const byKey = new Map(all.messages.map((m) => [m.key?.text ?? null, m]));
    expect(byKey.get('bin')!.value).toMatchObject({ format: 'binary', base64: 'AP/+gEF/', size: 6 });
    expect(byKey.get('order-1')!.value).toMatchObject({ format: 'json', text: '{"id":1,"name":"ada"}' });
    expect(byKey.get('tombstone')!.value).toBeNull();
    for (const codec of ['snappy', 'lz4', 'zstd']) {
      expect(all.messages.filter((m) => m.value?.text?.includes(codec))).toHaveLength(12);
    }

    // A range in the middle: from an offset, a limit, as --offset and --max-messages give it.
    const start = all.messages[10]!.offset;
    const range = await page('mixed', `partitions=0&from=offset&offset=${start}&limit=20`);
    const consoleRange = await kafkaConsoleConsumer(kafka, [
      ...['--topic', 'mixed', '--partition', '0', '--offset', String(start), '--max-messages', '20'],
      ...['--isolation-level', 'read_committed', '--timeout-ms', '8000'],
    ]);
    expect(range.messages.map(asConsoleLine)).toEqual(consoleRange);

    // Shown on request: the aborted records and both transaction markers.
    const raw = await page('mixed', 'partitions=0&from=earliest&limit=5000&transactions=all');
    expect(raw.messages.filter((m) => m.value?.text?.startsWith('aborted-'))).toHaveLength(3);
    expect(raw.messages.filter((m) => m.control !== null).map((m) => m.control)).toEqual(['abort', 'commit']);
    expect(raw.messages).toHaveLength(48 + 3 + 2);
  });

  it('starts at the offset ListOffsets gives for a time, reads the latest N backward, and filters exactly', async () => {
    const records = Array.from({ length: 300 }, (_, i) => ({
      i,
      partition: i % 3,
      timestamp: T0 + i * 1000,
      key: `k-${i}`,
      value: `v-${i}${i % 7 === 0 ? ' needle' : ''}`,
      headers: { kind: i % 2 ? 'odd' : 'even', ...(i % 5 === 0 ? { flag: 'yes' } : {}) },
    }));
    await send(
      'timed',
      records.map((r) => ({ ...r, timestamp: String(r.timestamp) })),
    );
    const keys = (p: Page) => p.messages.map((m) => m.key!.text);
    const expectedKeys = (keep: (r: (typeof records)[number]) => boolean) =>
      records.filter(keep).map((r) => r.key);

    const at = T0 + 150_500;
    const [listed] = await admin.fetchTopicOffsetsByTimestamp('timed', at);
    const seekTo = (await admin.fetchTopicOffsetsByTimestamp('timed', at)).find((s) => s.partition === 0)!;
    expect(listed).toBeDefined();
    const fromTime = await page('timed', `partitions=0&from=timestamp&timestamp=${at}&limit=5`);
    expect(fromTime.messages[0]!.offset).toBe(Number(seekTo.offset));
    expect(fromTime.messages[0]!.timestamp).toBeGreaterThanOrEqual(at);
    const fromIso = await page('timed', `from=timestamp&timestamp=${new Date(at).toISOString()}&limit=6`);
    expect(keys(fromIso)).toEqual(expectedKeys((r) => r.i >= 151 && r.i < 157));

    const latest = await page('timed', 'limit=10');
    expect(keys(latest)).toEqual(expectedKeys((r) => r.i >= 290).reverse());
    const latestOne = await page('timed', 'partitions=1&limit=3');
    expect(keys(latestOne)).toEqual(['k-298', 'k-295', 'k-292']);
    const before = await page('timed', `from=timestamp&timestamp=${at}&direction=backward&limit=4`);
    expect(keys(before)).toEqual(['k-150', 'k-149', 'k-148', 'k-147']);

    const all = 'from=earliest&limit=5000';
    expect(keys(await page('timed', `${all}&value=needle`))).toEqual(expectedKeys((r) => r.i % 7 === 0));
    expect(keys(await page('timed', `${all}&key=k-1`))).toEqual(expectedKeys((r) => r.key.includes('k-1')));
    expect(keys(await page('timed', `${all}&header=flag`))).toEqual(expectedKeys((r) => r.i % 5 === 0));
    expect(keys(await page('timed', `${all}&header=kind&headerValue=odd`))).toEqual(
      expectedKeys((r) => r.i % 2 === 1),
    );
    expect(keys(await page('timed', `${all}&since=${T0 + 10_000}&until=${T0 + 20_000}&value=v`))).toEqual(
      expectedKeys((r) => r.i >= 10 && r.i <= 20),
    );
    expect(
      keys(await page('timed', 'from=earliest&value=needle&direction=forward&limit=3&partitions=0,1')),
    ).toEqual(['k-0', 'k-7', 'k-21']);
  });

  it('holds the message cap and the byte limit on a topic with 100,000 messages', async () => {
    const value = (i: number) =>
      `${String(i).padStart(8, '0')}-${i % 1000 === 0 ? 'needle' : 'xxxxxx'}-${'p'.repeat(180)}`;
    for (let from = 0; from < BIG; from += 2500) {
      await send(
        'big',
        Array.from({ length: 2500 }, (_, k) => ({ key: `k${from + k}`, value: value(from + k) })),
      );
    }
    const capped = await page('big', 'from=earliest&limit=100000');
    expect(capped).toMatchObject({ limit: 5000, limitCapped: true, stoppedBy: 'limit' });
    expect(capped.messages.map((m) => m.offset)).toEqual(Array.from({ length: 5000 }, (_, i) => i));

    const needles = await page('big', 'from=earliest&limit=5000&value=needle');
    expect(needles.stoppedBy).toBe('end');
    expect(needles.scanned).toBe(BIG);
    expect(needles.messages.map((m) => m.offset)).toEqual(Array.from({ length: 100 }, (_, i) => i * 1000));

    const latest = await page('big', 'limit=100');
    expect(latest.messages.map((m) => m.offset)).toEqual(Array.from({ length: 100 }, (_, i) => BIG - 1 - i));

    const bounded = await page('big', 'from=earliest&limit=5000', strict);
    let expected = 0;
    for (
      let bytes = 0;
      bytes + `k${expected}`.length + value(expected).length <= SMALL_MAX_BYTES;
      expected++
    ) {
      bytes += `k${expected}`.length + value(expected).length;
    }
    expect(bounded.stoppedBy).toBe('bytes');
    expect(bounded.bytes).toBeLessThanOrEqual(SMALL_MAX_BYTES);
    expect(bounded.messages).toHaveLength(expected);
  });

  it('refuses without permission (401, 403) and writes an audit row for every browse', async () => {
    const anonymous = await browse(strict, 'big', 'limit=1', '');
    expect(anonymous.status).toBe(401);
    expect(await lastAudit(strict)).toMatchObject({
      action: 'messages.browse',
      target: 'local/big',
      result: 'denied',
      status: 401,
    });
    const basic = `Basic ${Buffer.from(`${VIEWER.username}:${VIEWER.password}`).toString('base64')}`;
    const viewer = await browse(strict, 'big', 'limit=1', basic);
    expect(viewer).toMatchObject({ status: 403, body: { error: 'browse_forbidden' } });
    expect(await lastAudit(strict)).toMatchObject({ result: 'denied', status: 403 });

    await page('big', 'partitions=0&from=offset&offset=10&limit=5');
    const row = await lastAudit(kestrel);
    expect(row).toMatchObject({
      action: 'messages.browse',
      target: 'local/big',
      result: 'ok',
      userAgent: 'browse-test',
    });
    expect(row!.message).toBe(
      'admin: 5 messages; partitions 0; offsets 0:10-14; from offset 10 forward; limit 5; read_committed; no filter; stopped by limit',
    );
    const missing = await browse(kestrel, 'nope', 'limit=1');
    expect(missing).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });
});
