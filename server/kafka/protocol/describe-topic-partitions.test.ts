import { describe, expect, it } from 'vitest';
import {
  bytes,
  fakeBroker,
  hex,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { describeTopicPartitionsMessage, describeTopicPartitionsOn } from './describe-topic-partitions.ts';
import { UnsupportedApiError } from './errors.ts';

// Bodies serialized by Kafka 4.4.0's DescribeTopicPartitions{Request,Response}Data. orders-1 is
// leaderless with ISR [3], ELR [2], last known ELR [1] and replica 1 offline; orders-2 has no
// ELR kept (null). PAGE names orders-3 as the next cursor, LAST_PAGE has none.
const REQUEST = hex('02076f726465727300000007d001076f7264657273000000010000');
const REQUEST_ALL = hex('01000007d0ff00');
const PAGE = hex(
  '00000000020000076f72646572730102030405060708090a0b0c0d0e0f100003000000000001ffffffff000000050400000001000000020000000302000000030200000002020000000102000000010000000000000200000002000000030400000002000000030000000103000000020000000300000100800000000001076f7264657273000000030000',
);
const LAST_PAGE = hex(
  '00000000020000076f72646572730102030405060708090a0b0c0d0e0f100003000000000001ffffffff0000000504000000010000000200000003020000000302000000020200000001020000000100000000000002000000020000000304000000020000000300000001030000000200000003000001008000000000ff00',
);

describe('DescribeTopicPartitions', () => {
  it('encodes topics, the partition limit and the cursor (nullable struct) as Kafka does', async () => {
    expect(
      await requestBody(
        describeTopicPartitionsMessage(0, ['orders'], 2000, { topic: 'orders', partition: 1 }),
      ),
    ).toEqual(bytes(wire.tags(), REQUEST));
    expect(await requestBody(describeTopicPartitionsMessage(0, [], 2000, null))).toEqual(
      bytes(wire.tags(), REQUEST_ALL),
    );
  });

  it('decodes ELR and last known ELR, telling a null ELR from an empty one', async () => {
    const page = await respond(describeTopicPartitionsMessage(0, [], 1, null), withHeaderTags(PAGE));
    expect(page.nextCursor).toEqual({ topic: 'orders', partition: 3 });
    expect(page.topics).toHaveLength(1);
    expect(page.topics[0]).toMatchObject({ name: 'orders', isInternal: false, error: null });
    expect(page.topics[0]!.partitions).toEqual([
      {
        error: null,
        partition: 1,
        leaderId: -1,
        leaderEpoch: 5,
        replicas: [1, 2, 3],
        isr: [3],
        eligibleLeaderReplicas: [2],
        lastKnownElr: [1],
        offlineReplicas: [1],
      },
      {
        error: null,
        partition: 2,
        leaderId: 2,
        leaderEpoch: 3,
        replicas: [2, 3, 1],
        isr: [2, 3],
        eligibleLeaderReplicas: null,
        lastKnownElr: null,
        offlineReplicas: [],
      },
    ]);
    const last = await respond(describeTopicPartitionsMessage(0, [], 1, null), withHeaderTags(LAST_PAGE));
    expect(last.nextCursor).toBeNull();
  });

  it('follows the cursor until the last page and merges a topic split across pages', async () => {
    const broker = fakeBroker({
      versions: { 75: [0, 0] },
      answer: (request) => withHeaderTags(request.body.length > REQUEST_ALL.length + 1 ? LAST_PAGE : PAGE),
    });
    const result = await describeTopicPartitionsOn(broker, [], 2);
    expect(result.pages).toBe(2);
    expect(broker.sent.map((s) => s.body.toString('hex'))).toEqual([
      // No topics (all), limit 2, no cursor; then the cursor the first page gave.
      bytes(wire.tags(), hex('01 00000002 ff 00')).toString('hex'),
      bytes(wire.tags(), hex('01 00000002 01 076f7264657273 00000003 00 00')).toString('hex'),
    ]);
    expect(result.topics.map((t) => [t.name, t.partitions.map((p) => p.partition)])).toEqual([
      ['orders', [1, 1, 2, 2]],
    ]);
    await expect(describeTopicPartitionsOn(fakeBroker({ versions: { 3: [0, 12] } }))).rejects.toBeInstanceOf(
      UnsupportedApiError,
    );
  });
});
