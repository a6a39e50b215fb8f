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
import { describeQuorumMessage, describeQuorumOn } from './describe-quorum.ts';
import { KafkaProtocolError } from './errors.ts';

// Message bodies serialized by Kafka 4.4.0's own generated classes (DescribeQuorumRequestData /
// DescribeQuorumResponseData via MessageUtil.toByteBufferAccessor): leader 2, epoch 7, high
// watermark 1234; voters 1 (LEO 1230), 2 (the leader, LEO 1234), 3 (LEO unknown); observer 4
// (LEO 1200); timestamps from v1; directory id of voter 1, the controllers' listeners and an
// unknown tagged field (tag 7) on the partition from v2.
const REQUEST = hex('02135f5f636c75737465725f6d657461646174610200000000000000');
const RESPONSE: Record<number, Buffer> = {
  0: hex(
    '000002135f5f636c75737465725f6d6574616461746102000000000000000000020000000700000000000004d204000000' +
      '0100000000000004ce000000000200000000000004d20000000003ffffffffffffffff00020000000400000000000004b000000000',
  ),
  1: hex(
    '000002135f5f636c75737465725f6d6574616461746102000000000000000000020000000700000000000004d204000000' +
      '0100000000000004ce0000018bcfe569f40000018bcfe56990000000000200000000000004d2ffffffffffffffff0000018bcfe5' +
      '6be80000000003ffffffffffffffffffffffffffffffffffffffffffffffff00020000000400000000000004b00000018bcfe56b84' +
      '0000018bcfe56b2000000000',
  ),
  2: hex(
    '00000102135f5f636c75737465725f6d657461646174610200000000000001000000020000000700000000000004d20400000001' +
      '0102030405060708090a0b0c0d0e0f1000000000000004ce0000018bcfe569f40000018bcfe5699000000000020000000000000000' +
      '000000000000000000000000000004d2ffffffffffffffff0000018bcfe56be8000000000300000000000000000000000000000000ff' +
      'ffffffffffffffffffffffffffffffffffffffffffffff0002000000040000000000000000000000000000000000000000000004b0' +
      '0000018bcfe56b840000018bcfe56b2000010703090807000200000002020b434f4e54524f4c4c45520a3132372e302e302e319c41' +
      '000000',
  ),
};
const NOT_CONTROLLER_V2 = hex('0029136e6f742074686520636f6e74726f6c6c6572010100');

function quorumBroker(maxVersion: number, body = RESPONSE[maxVersion]!) {
  return fakeBroker({ nodeId: 3, versions: { 55: [0, maxVersion] }, answer: () => withHeaderTags(body) });
}

describe('DescribeQuorum', () => {
  it('encodes the request as Kafka does, after the request header v2 tagged fields', async () => {
    for (const version of [0, 1, 2]) {
      expect(await requestBody(describeQuorumMessage(version))).toEqual(bytes(wire.tags(), REQUEST));
    }
  });

  it('decodes every version Kafka serializes', async () => {
    for (const version of [0, 1, 2]) {
      const response = await respond(describeQuorumMessage(version), withHeaderTags(RESPONSE[version]!));
      const partition = response.topics[0]!.partitions[0]!;
      expect(partition).toMatchObject({
        partitionIndex: 0,
        errorCode: 0,
        leaderId: 2,
        leaderEpoch: 7,
        highWatermark: 1234,
      });
      expect(partition.voters.map((v) => v.replicaId)).toEqual([1, 2, 3]);
      expect(partition.observers.map((v) => v.logEndOffset)).toEqual([1200]);
    }
  });

  it('derives lag from the leader and keeps unknowns unknown (v2)', async () => {
    const result = await describeQuorumOn(quorumBroker(2));
    expect(result).toEqual({
      supported: true,
      quorum: {
        leaderId: 2,
        leaderEpoch: 7,
        highWatermark: 1234,
        voters: [
          {
            replicaId: 1,
            directoryId: 'AQIDBAUGBwgJCgsMDQ4PEA',
            logEndOffset: 1230,
            lag: 4,
            lastFetchTimestamp: 1_700_000_000_500,
            lastCaughtUpTimestamp: 1_700_000_000_400,
          },
          {
            replicaId: 2,
            directoryId: null,
            logEndOffset: 1234,
            lag: 0,
            lastFetchTimestamp: null,
            lastCaughtUpTimestamp: 1_700_000_001_000,
          },
          {
            replicaId: 3,
            directoryId: null,
            logEndOffset: null,
            lag: null,
            lastFetchTimestamp: null,
            lastCaughtUpTimestamp: null,
          },
        ],
        observers: [
          {
            replicaId: 4,
            directoryId: null,
            logEndOffset: 1200,
            lag: 34,
            lastFetchTimestamp: 1_700_000_000_900,
            lastCaughtUpTimestamp: 1_700_000_000_800,
          },
        ],
        controllers: [{ nodeId: 2, listeners: [{ name: 'CONTROLLER', host: '127.0.0.1', port: 40001 }] }],
        brokerId: 3,
        version: 2,
      },
    });
  });

  it('uses the highest version the broker has, without v1 timestamps on v0', async () => {
    const broker = quorumBroker(0);
    const result = await describeQuorumOn(broker);
    expect(broker.sent.map((s) => s.apiVersion)).toEqual([0]);
    if (!result.supported) throw new Error('expected a quorum');
    expect(result.quorum.voters[0]).toMatchObject({
      lag: 4,
      lastFetchTimestamp: null,
      lastCaughtUpTimestamp: null,
    });
    expect(result.quorum.controllers).toEqual([]);
  });

  it('is "unsupported" on a broker without the API (ZooKeeper mode), without sending anything', async () => {
    const broker = fakeBroker({ nodeId: 1, versions: { 3: [0, 12] } });
    const result = await describeQuorumOn(broker);
    expect(result).toMatchObject({ supported: false, brokerId: 1 });
    expect(broker.sent).toEqual([]);
  });

  it('is "unsupported" when the broker answers UNSUPPORTED_VERSION', async () => {
    const body = bytes(
      wire.int16(35),
      wire.compactString(null),
      wire.compactArrayLength(0),
      wire.compactArrayLength(0),
      wire.tags(),
    );
    expect(await describeQuorumOn(quorumBroker(2, body))).toMatchObject({ supported: false });
  });

  it('throws a named Kafka error for other error codes', async () => {
    const failure = describeQuorumOn(quorumBroker(2, NOT_CONTROLLER_V2));
    await expect(failure).rejects.toThrow(KafkaProtocolError);
    await expect(failure).rejects.toThrow('DescribeQuorum failed: NOT_CONTROLLER (41): not the controller');
  });

  it('reports no leader while an election is under way', async () => {
    const partition = bytes(
      wire.int32(0),
      wire.int16(0),
      wire.int32(-1),
      wire.int32(8),
      wire.int64(1300),
      wire.compactArrayLength(1),
      wire.int32(1),
      wire.int64(1290),
      wire.int64(-1),
      wire.int64(-1),
      wire.tags(),
      wire.compactArrayLength(0),
      wire.tags(),
    );
    const body = bytes(
      wire.int16(0),
      wire.compactArrayLength(1),
      wire.compactString('__cluster_metadata'),
      wire.compactArrayLength(1),
      partition,
      wire.tags(),
      wire.tags(),
    );
    const result = await describeQuorumOn(quorumBroker(1, body));
    expect(result).toMatchObject({ supported: true, quorum: { leaderId: null, leaderEpoch: 8 } });
    if (result.supported) expect(result.quorum.voters[0]!.lag).toBeNull();
  });
});
