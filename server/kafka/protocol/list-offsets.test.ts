import { describe, expect, it } from 'vitest';
import {
  fakeBroker,
  hex,
  requestBody,
  respond,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { UnsupportedApiError } from './errors.ts';
import { EARLIEST_OFFSET, LATEST_OFFSET, listOffsetsMessage, listOffsetsOn } from './list-offsets.ts';

// Bodies serialized by Kafka 4.4.0's ListOffsetsRequestData / ListOffsetsResponseData
// (MessageUtil.toByteBufferAccessor). Request: latest offsets of orders-0, orders-2 and audit-1,
// read_uncommitted, as a client (replica -1), current leader epoch unknown (-1), v10's timeout
// 30,000 ms. Response: orders-0 at 12,345,678,901 (leader epoch 4), orders-2 failed with
// NOT_LEADER_OR_FOLLOWER (6), audit-1 at 0 (epoch 0); v1 and v2 have no leader epochs.
const REQUEST: Record<number, string> = {
  1: 'ffffffff0000000200066f72646572730000000200000000ffffffffffffffff00000002ffffffffffffffff000561756469740000000100000001ffffffffffffffff',
  2: 'ffffffff000000000200066f72646572730000000200000000ffffffffffffffff00000002ffffffffffffffff000561756469740000000100000001ffffffffffffffff',
  4: 'ffffffff000000000200066f72646572730000000200000000ffffffffffffffffffffffff00000002ffffffffffffffffffffffff000561756469740000000100000001ffffffffffffffffffffffff',
  6: 'ffffffff0003076f72646572730300000000ffffffffffffffffffffffff0000000002ffffffffffffffffffffffff00000661756469740200000001ffffffffffffffffffffffff000000',
  10: 'ffffffff0003076f72646572730300000000ffffffffffffffffffffffff0000000002ffffffffffffffffffffffff00000661756469740200000001ffffffffffffffffffffffff00000000753000',
};
const EARLIEST_V10 = 'ffffffff0002076f72646572730200000000fffffffffffffffffffffffe00000000753000';
const RESPONSE: Record<number, string> = {
  1: '0000000200066f726465727300000002000000000000ffffffffffffffff00000002dfdc1c35000000020006ffffffffffffffffffffffffffffffff0005617564697400000001000000010000ffffffffffffffff0000000000000000',
  2: '000000000000000200066f726465727300000002000000000000ffffffffffffffff00000002dfdc1c35000000020006ffffffffffffffffffffffffffffffff0005617564697400000001000000010000ffffffffffffffff0000000000000000',
  4: '000000000000000200066f726465727300000002000000000000ffffffffffffffff00000002dfdc1c3500000004000000020006ffffffffffffffffffffffffffffffffffffffff0005617564697400000001000000010000ffffffffffffffff000000000000000000000000',
  6: '0000000003076f726465727303000000000000ffffffffffffffff00000002dfdc1c350000000400000000020006ffffffffffffffffffffffffffffffffffffffff000006617564697402000000010000ffffffffffffffff000000000000000000000000000000',
  10: '0000000003076f726465727303000000000000ffffffffffffffff00000002dfdc1c350000000400000000020006ffffffffffffffffffffffffffffffffffffffff000006617564697402000000010000ffffffffffffffff000000000000000000000000000000',
};

const LATEST_QUERY = [
  {
    topic: 'orders',
    partitions: [
      { partition: 0, timestamp: LATEST_OFFSET },
      { partition: 2, timestamp: LATEST_OFFSET },
    ],
  },
  { topic: 'audit', partitions: [{ partition: 1, timestamp: LATEST_OFFSET }] },
];

const NOT_LEADER = { code: 6, name: 'NOT_LEADER_OR_FOLLOWER', retriable: true, message: null };

function answer(version: number): Buffer {
  return version >= 6 ? withHeaderTags(hex(RESPONSE[version]!)) : hex(RESPONSE[version]!);
}

describe('ListOffsets', () => {
  it('encodes a query as Kafka does, in every version shape (v1, v2, v4, v6, v10)', async () => {
    for (const version of [1, 2, 4, 6, 10]) {
      const body = await requestBody(listOffsetsMessage(version, LATEST_QUERY, 0));
      // Flexible versions start with the request header's empty tagged-field section.
      expect(body.toString('hex')).toBe((version >= 6 ? '00' : '') + REQUEST[version]);
    }
    const earliest = [{ topic: 'orders', partitions: [{ partition: 0, timestamp: EARLIEST_OFFSET }] }];
    expect((await requestBody(listOffsetsMessage(10, earliest, 0))).toString('hex')).toBe(
      `00${EARLIEST_V10}`,
    );
  });

  it('decodes offsets and per-partition errors as Kafka serializes them', async () => {
    for (const version of [1, 2, 4, 6, 10]) {
      const epochs = version >= 4;
      const { offsets } = await respond(listOffsetsMessage(version, [], 0), answer(version));
      expect(offsets).toEqual([
        {
          topic: 'orders',
          partition: 0,
          offset: 12_345_678_901,
          timestamp: -1,
          leaderEpoch: epochs ? 4 : null,
          error: null,
        },
        { topic: 'orders', partition: 2, offset: -1, timestamp: -1, leaderEpoch: null, error: NOT_LEADER },
        {
          topic: 'audit',
          partition: 1,
          offset: 0,
          timestamp: -1,
          leaderEpoch: epochs ? 0 : null,
          error: null,
        },
      ]);
    }
  });

  it('speaks the highest version both sides have, and refuses a broker without the API', async () => {
    // v7–v9 only widen what the broker may be asked: their answer has v6's shape.
    const broker = fakeBroker({ versions: { 2: [1, 9] }, answer: () => answer(6) });
    const offsets = await listOffsetsOn(broker, LATEST_QUERY);
    expect(broker.sent.map((s) => s.apiVersion)).toEqual([9]);
    expect(offsets.map((o) => o.offset)).toEqual([12_345_678_901, -1, 0]);
    expect(await listOffsetsOn(broker, [])).toEqual([]);
    expect(broker.sent).toHaveLength(1); // nothing to ask, nothing sent
    await expect(listOffsetsOn(fakeBroker({ versions: { 3: [0, 12] } }), LATEST_QUERY)).rejects.toThrow(
      UnsupportedApiError,
    );
  });
});
