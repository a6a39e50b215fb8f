// The three hand-written admin requests, byte for byte from the field lists of Kafka's JSON
// schemas (OffsetCommit v8, OffsetDelete v0, IncrementalAlterConfigs v0/v1), built with
// test-support's own wire primitives so a bug in codec.ts cannot agree with itself.
import { describe, expect, it } from 'vitest';
import {
  bytes,
  fakeBroker,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { incrementalAlterConfigsMessage, incrementalAlterConfigsOn } from './incremental-alter-configs.ts';
import { commitOffsetsOn, offsetCommitMessage } from './offset-commit.ts';
import { deleteOffsetsOn, offsetDeleteMessage } from './offset-delete.ts';

const { int8, int16, int32, int64, bool, string, compactString, arrayLength, compactArrayLength, tags } =
  wire;

describe('OffsetCommit v8 (admin commit)', () => {
  it('encodes no generation, no member and one entry per topic', async () => {
    const message = offsetCommitMessage(8, 'billing', [
      { topic: 'orders', partition: 0, offset: 5 },
      { topic: 'orders', partition: 1, offset: 7 },
      { topic: 'audit', partition: 0, offset: 0 },
    ]);
    const partition = (p: number, offset: number) =>
      bytes(int32(p), int64(offset), int32(-1), compactString(null), tags());
    expect(await requestBody(message)).toEqual(
      bytes(
        tags(), // request header v2
        compactString('billing'),
        int32(-1),
        compactString(''),
        compactString(null),
        compactArrayLength(2),
        compactString('orders'),
        compactArrayLength(2),
        partition(0, 5),
        partition(1, 7),
        tags(),
        compactString('audit'),
        compactArrayLength(1),
        partition(0, 0),
        tags(),
        tags(),
      ),
    );
  });

  it('returns the per-partition errors as data', async () => {
    const body = bytes(
      int32(0),
      compactArrayLength(1),
      compactString('orders'),
      compactArrayLength(2),
      int32(0),
      int16(0),
      tags(),
      int32(1),
      int16(25), // UNKNOWN_MEMBER_ID: the group has members
      tags(),
      tags(),
      tags(),
    );
    const broker = fakeBroker({ versions: { 8: [2, 10] }, answer: () => withHeaderTags(body) });
    const results = await commitOffsetsOn(broker, 'billing', [{ topic: 'orders', partition: 0, offset: 1 }]);
    expect(broker.sent.map((s) => s.apiVersion)).toEqual([8]);
    expect(results[0]).toEqual({ topic: 'orders', partition: 0, error: null });
    expect(results[1]).toMatchObject({ topic: 'orders', partition: 1, error: { name: 'UNKNOWN_MEMBER_ID' } });
  });
});

describe('OffsetDelete v0', () => {
  it('encodes group, topics and partitions in the classic encoding', async () => {
    const message = offsetDeleteMessage('billing', [{ topic: 'orders', partitions: [0, 2] }]);
    expect(await requestBody(message)).toEqual(
      bytes(string('billing'), arrayLength(1), string('orders'), arrayLength(2), int32(0), int32(2)),
    );
  });

  it('decodes partition errors, and throws for a group-level one', async () => {
    const ok = bytes(
      int16(0),
      int32(0),
      arrayLength(1),
      string('orders'),
      arrayLength(1),
      int32(0),
      int16(86), // GROUP_SUBSCRIBED_TO_TOPIC
    );
    const answer = await respond(offsetDeleteMessage('g', []), ok);
    expect(answer.partitions).toEqual([{ topic: 'orders', partition: 0, errorCode: 86 }]);
    const failed = fakeBroker({
      versions: { 47: [0, 0] },
      answer: () => bytes(int16(69), int32(0), arrayLength(0)),
    });
    await expect(deleteOffsetsOn(failed, 'g', [{ topic: 'orders', partitions: [0] }])).rejects.toThrow(
      /GROUP_ID_NOT_FOUND/,
    );
  });
});

describe('IncrementalAlterConfigs', () => {
  const resource = {
    resourceType: 2,
    resourceName: 'orders',
    changes: [
      { name: 'retention.ms', operation: 'set' as const, value: '1000' },
      { name: 'cleanup.policy', operation: 'delete' as const, value: null },
    ],
  };

  it('encodes v0 (classic) and v1 (flexible) as the schema lays them out', async () => {
    expect(await requestBody(incrementalAlterConfigsMessage(0, [resource], true))).toEqual(
      bytes(
        arrayLength(1),
        int8(2),
        string('orders'),
        arrayLength(2),
        string('retention.ms'),
        int8(0),
        string('1000'),
        string('cleanup.policy'),
        int8(1),
        string(null),
        bool(true),
      ),
    );
    expect(await requestBody(incrementalAlterConfigsMessage(1, [resource], false))).toEqual(
      bytes(
        tags(),
        compactArrayLength(1),
        int8(2),
        compactString('orders'),
        compactArrayLength(2),
        compactString('retention.ms'),
        int8(0),
        compactString('1000'),
        tags(),
        compactString('cleanup.policy'),
        int8(1),
        compactString(null),
        tags(),
        tags(),
        bool(false),
        tags(),
      ),
    );
  });

  it("keeps Kafka's error message for a refused resource", async () => {
    const body = bytes(
      int32(0),
      compactArrayLength(1),
      int16(40), // INVALID_CONFIG
      compactString('Invalid value abc for configuration retention.ms'),
      int8(2),
      compactString('orders'),
      tags(),
      tags(),
    );
    const broker = fakeBroker({ versions: { 44: [0, 1] }, answer: () => withHeaderTags(body) });
    const [result] = await incrementalAlterConfigsOn(broker, [resource]);
    expect(broker.sent.map((s) => s.apiVersion)).toEqual([1]);
    expect(result).toMatchObject({
      resourceName: 'orders',
      error: { name: 'INVALID_CONFIG', message: 'Invalid value abc for configuration retention.ms' },
    });
  });
});
