import { describe, expect, it } from 'vitest';
import {
  bytes,
  fakeBroker,
  fakeCluster,
  hex,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { describeLogDirs, describeLogDirsMessage, describeLogDirsOn } from './describe-log-dirs.ts';
import { KafkaProtocolError } from './errors.ts';

// Bodies serialized by Kafka 4.4.0's DescribeLogDirsRequestData (topics null) and
// DescribeLogDirsResponseData: /var/kafka/data-1 holds orders-0 (5 GB) and a future log of
// orders-1 (42 bytes, offset lag 3) on a 1 TB volume with 250 GB usable (v4 only);
// /var/kafka/data-2 is offline (KAFKA_STORAGE_ERROR, 56).
const RESPONSE_V1 = hex(
  '0000000000000002000000112f7661722f6b61666b612f646174612d310000000100066f72646572730000000200000000000000012a' +
    '05f20000000000000000000000000001000000000000002a000000000000000301003800112f7661722f6b61666b612f646174612d3200' +
    '000000',
);
const RESPONSE_V4 = hex(
  '000000000000030000122f7661722f6b61666b612f646174612d3102076f72646572730300000000000000012a05f20000000000000000' +
    '00000000000001000000000000002a0000000000000003010000000000e8d4a510000000003a35294400000038122f7661722f6b61666b' +
    '612f646174612d3201ffffffffffffffffffffffffffffffff0000',
);
const CLUSTER_AUTHORIZATION_FAILED_V4 = hex('00000000001f0100');

const ORDERS = [
  { topic: 'orders', partition: 0, size: 5_000_000_000, offsetLag: 0, isFuture: false },
  { topic: 'orders', partition: 1, size: 42, offsetLag: 3, isFuture: true },
];

describe('DescribeLogDirs', () => {
  it('asks for all topics (null) as Kafka encodes it, v1 classic and v4 flexible', async () => {
    expect(await requestBody(describeLogDirsMessage(1))).toEqual(hex('ffffffff'));
    expect(await requestBody(describeLogDirsMessage(4))).toEqual(bytes(wire.tags(), hex('0000')));
  });

  it('decodes v1 (response header v0) and v4 (header v1) as Kafka serializes them', async () => {
    const v1 = await respond(describeLogDirsMessage(1), RESPONSE_V1);
    const v4 = await respond(describeLogDirsMessage(4), withHeaderTags(RESPONSE_V4));
    for (const [response, volume] of [
      [v1, { totalBytes: null, usableBytes: null }],
      [v4, { totalBytes: 1_000_000_000_000, usableBytes: 250_000_000_000 }],
    ] as const) {
      expect(response.errorCode).toBe(0);
      expect(response.logDirs).toEqual([
        { path: '/var/kafka/data-1', error: null, ...volume, partitions: ORDERS },
        {
          path: '/var/kafka/data-2',
          error: { code: 56, name: 'KAFKA_STORAGE_ERROR', retriable: true, message: null },
          totalBytes: null,
          usableBytes: null,
          partitions: [],
        },
      ]);
    }
  });

  it('uses v4 at most, v1 at least', async () => {
    const modern = fakeBroker({ versions: { 35: [1, 5] }, answer: () => withHeaderTags(RESPONSE_V4) });
    expect((await describeLogDirsOn(modern)).version).toBe(4);
    const old = fakeBroker({ versions: { 35: [0, 1] }, answer: () => RESPONSE_V1 });
    expect((await describeLogDirsOn(old)).version).toBe(1);
    expect(old.sent[0]!.apiVersion).toBe(1);
  });

  it('fails on a top-level error instead of reporting an empty broker', async () => {
    const broker = fakeBroker({
      versions: { 35: [1, 4] },
      answer: () => withHeaderTags(CLUSTER_AUTHORIZATION_FAILED_V4),
    });
    await expect(describeLogDirsOn(broker)).rejects.toThrow(KafkaProtocolError);
    await expect(describeLogDirsOn(broker)).rejects.toThrow(/CLUSTER_AUTHORIZATION_FAILED \(31\)/);
  });

  it('asks every broker and keeps the ones that answered when another fails', async () => {
    const ok = (nodeId: number) =>
      fakeBroker({ nodeId, versions: { 35: [1, 4] }, answer: () => withHeaderTags(RESPONSE_V4) });
    const broken = fakeBroker({ nodeId: 3, versions: { 35: [1, 4] }, answer: () => hex('00') });
    const result = await describeLogDirs(fakeCluster([ok(1), ok(2), broken]));
    expect(result.brokers.map((b) => b.brokerId)).toEqual([1, 2]);
    expect(result.failures).toEqual([{ brokerId: 3, message: expect.stringMatching(/DescribeLogDirs v4/) }]);
  });
});
