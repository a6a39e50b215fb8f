import { describe, expect, it } from 'vitest';
import {
  bytes,
  hex,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { shareGroupDescribeMessage } from './share-group-describe.ts';
import { describeShareGroupOffsetsMessage } from './share-group-offsets.ts';

// Bodies serialized by Kafka 4.4.0's ShareGroupDescribe* and DescribeShareGroupOffsets*Data:
// share group "shares" with one member s-1 owning orders-0..2; offsets of orders-0 (start 40,
// lag 10 in v1) and orders-1 (not started: -1 everywhere).
const DESCRIBE_REQUEST = hex('02077368617265730000');
const DESCRIBE_RESPONSE = hex(
  '00000000020000000773686172657307537461626c6500000003000000030773696d706c650204732d31037231000000030f73686172652d636f6e73756d65720b2f3132372e302e302e3102076f7264657273020102030405060708090a0b0c0d0e0f10076f726465727304000000000000000100000002000000800000000000',
);
const OFFSETS_REQUEST = hex('0207736861726573000000');
const OFFSETS_RESPONSE: Record<number, Buffer> = {
  0: hex(
    '00000000020773686172657302076f72646572730102030405060708090a0b0c0d0e0f1003000000000000000000000028000000010000000000000001ffffffffffffffffffffffff00000000000000000000',
  ),
  1: hex(
    '00000000020773686172657302076f72646572730102030405060708090a0b0c0d0e0f100300000000000000000000002800000001000000000000000a0000000000000001ffffffffffffffffffffffffffffffffffffffff00000000000000000000',
  ),
};

describe('ShareGroupDescribe', () => {
  it('encodes and decodes as Kafka does', async () => {
    expect(await requestBody(shareGroupDescribeMessage(1, ['shares']))).toEqual(
      bytes(wire.tags(), DESCRIBE_REQUEST),
    );
    const { groups } = await respond(shareGroupDescribeMessage(1, []), withHeaderTags(DESCRIBE_RESPONSE));
    expect(groups).toEqual([
      {
        errorCode: 0,
        errorMessage: null,
        groupId: 'shares',
        state: 'Stable',
        groupEpoch: 3,
        assignmentEpoch: 3,
        assignorName: 'simple',
        members: [
          {
            memberId: 's-1',
            rackId: 'r1',
            memberEpoch: 3,
            clientId: 'share-consumer',
            clientHost: '/127.0.0.1',
            subscribedTopicNames: ['orders'],
            assignment: [
              {
                topicId: Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex').toString('base64url'),
                topic: 'orders',
                partitions: [0, 1, 2],
              },
            ],
          },
        ],
      },
    ]);
  });
});

describe('DescribeShareGroupOffsets', () => {
  it('asks for every partition of each group', async () => {
    for (const version of [0, 1])
      expect(await requestBody(describeShareGroupOffsetsMessage(version, ['shares']))).toEqual(
        bytes(wire.tags(), OFFSETS_REQUEST),
      );
  });

  it('takes the lag from v1 and leaves it unknown where the broker gives none', async () => {
    const v1 = await respond(describeShareGroupOffsetsMessage(1, []), withHeaderTags(OFFSETS_RESPONSE[1]!));
    expect(v1.groups).toEqual([
      {
        groupId: 'shares',
        error: null,
        offsets: [
          { topic: 'orders', partition: 0, startOffset: 40, leaderEpoch: 1, lag: 10, error: null },
          { topic: 'orders', partition: 1, startOffset: null, leaderEpoch: null, lag: null, error: null },
        ],
      },
    ]);
    const v0 = await respond(describeShareGroupOffsetsMessage(0, []), withHeaderTags(OFFSETS_RESPONSE[0]!));
    expect(v0.groups[0]!.offsets.map((o) => [o.startOffset, o.lag])).toEqual([
      [40, null],
      [null, null],
    ]);
  });
});
