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
import { describeClusterMessage, describeClusterOn } from './describe-cluster.ts';
import { KafkaProtocolError, UnsupportedApiError } from './errors.ts';

// Bodies serialized by Kafka 4.4.0's DescribeClusterRequestData / DescribeClusterResponseData:
// throttle 5 ms, cluster id MkU3OEVBNTcwNTJENDM2Qg, controller 1, brokers 3 (kafka-3:9094, no
// rack, fenced in v2) and 1 (kafka-1:9092, rack eu-1a), in that order.
const REQUEST: Record<number, Buffer> = { 0: hex('0000'), 1: hex('000100'), 2: hex('00010100') };
const RESPONSE: Record<number, Buffer> = {
  0: hex(
    '00000005000000174d6b55334f4556424e5463774e544a454e444d325167000000010300000003086b61666b612d3300002386' +
      '000000000001086b61666b612d31000023840665752d3161008000000000',
  ),
  1: hex(
    '0000000500000001174d6b55334f4556424e5463774e544a454e444d325167000000010300000003086b61666b612d3300002386' +
      '000000000001086b61666b612d31000023840665752d3161008000000000',
  ),
  2: hex(
    '0000000500000001174d6b55334f4556424e5463774e544a454e444d325167000000010300000003086b61666b612d3300002386' +
      '00010000000001086b61666b612d31000023840665752d316100008000000000',
  ),
};

describe('DescribeCluster', () => {
  it('encodes each version as Kafka does', async () => {
    for (const version of [0, 1, 2]) {
      expect(await requestBody(describeClusterMessage(version))).toEqual(
        bytes(wire.tags(), REQUEST[version]!),
      );
    }
  });

  it('decodes each version Kafka serializes', async () => {
    for (const version of [0, 1, 2]) {
      const response = await respond(describeClusterMessage(version), withHeaderTags(RESPONSE[version]!));
      expect(response).toEqual({
        throttleTimeMs: 5,
        errorCode: 0,
        errorMessage: null,
        clusterId: 'MkU3OEVBNTcwNTJENDM2Qg',
        controllerId: 1,
        brokers: [
          { id: 3, host: 'kafka-3', port: 9094, rack: null, fenced: version >= 2 ? true : null },
          { id: 1, host: 'kafka-1', port: 9092, rack: 'eu-1a', fenced: version >= 2 ? false : null },
        ],
      });
    }
  });

  it('describes the cluster with brokers in id order, from the highest common version', async () => {
    const broker = fakeBroker({
      nodeId: 2,
      versions: { 60: [0, 3] },
      answer: () => withHeaderTags(RESPONSE[2]!),
    });
    const description = await describeClusterOn(broker);
    expect(broker.sent.map((s) => s.apiVersion)).toEqual([2]);
    expect(description).toMatchObject({
      clusterId: 'MkU3OEVBNTcwNTJENDM2Qg',
      controllerId: 1,
      brokerId: 2,
      version: 2,
    });
    expect(description.brokers.map((b) => [b.id, b.fenced])).toEqual([
      [1, false],
      [3, true],
    ]);
  });

  it('fails with the broker error, or as unsupported on brokers before Kafka 2.8', async () => {
    const denied = bytes(
      wire.int32(0),
      wire.int16(31),
      wire.compactString('denied'),
      wire.compactString(''),
      wire.int32(-1),
      wire.compactArrayLength(0),
      wire.int32(0),
      wire.tags(),
    );
    const broker = fakeBroker({ versions: { 60: [0, 0] }, answer: () => withHeaderTags(denied) });
    await expect(describeClusterOn(broker)).rejects.toThrow(
      new KafkaProtocolError('DescribeCluster', 31, 'denied').message,
    );
    await expect(describeClusterOn(fakeBroker({ versions: { 3: [0, 9] } }))).rejects.toThrow(
      UnsupportedApiError,
    );
  });
});
