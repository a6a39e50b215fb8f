import { describe, expect, it } from 'vitest';
import {
  bytes,
  fakeBroker,
  requestBody,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import {
  alterPartitionReassignmentsMessage,
  alterPartitionReassignmentsOn,
} from './alter-partition-reassignments.ts';
import {
  listPartitionReassignmentsMessage,
  listPartitionReassignmentsOn,
} from './list-partition-reassignments.ts';

// Byte vectors written field by field from Alter/ListPartitionReassignments{Request,Response}.json
// (Kafka 4.4.0's clients jar; every version flexible) with test-support's independent builders.
const ids = (...list: number[]) => bytes(wire.compactArrayLength(list.length), ...list.map(wire.int32));

describe('AlterPartitionReassignments', () => {
  const request = {
    timeoutMs: 60_000,
    topics: [
      {
        name: 'orders',
        partitions: [
          { partition: 0, replicas: [1, 2, 3] },
          { partition: 1, replicas: null },
        ],
      },
    ],
  };
  const partitions = bytes(
    wire.compactArrayLength(1),
    wire.compactString('orders'),
    wire.compactArrayLength(2),
    wire.int32(0),
    ids(1, 2, 3),
    wire.tags(),
    wire.int32(1),
    wire.compactArrayLength(null), // cancel
    wire.tags(),
    wire.tags(),
  );

  it('encodes v0 and v1 (AllowReplicationFactorChange) with null replicas for a cancel', async () => {
    expect(await requestBody(alterPartitionReassignmentsMessage(0, request))).toEqual(
      bytes(wire.tags(), wire.int32(60_000), partitions, wire.tags()),
    );
    expect(await requestBody(alterPartitionReassignmentsMessage(1, request))).toEqual(
      bytes(wire.tags(), wire.int32(60_000), wire.bool(true), partitions, wire.tags()),
    );
  });

  it('decodes per-partition results (v1)', async () => {
    const body = bytes(
      wire.int32(0),
      wire.bool(true),
      wire.int16(0),
      wire.compactString(null),
      wire.compactArrayLength(1),
      wire.compactString('orders'),
      wire.compactArrayLength(2),
      wire.int32(0),
      wire.int16(0),
      wire.compactString(null),
      wire.tags(),
      wire.int32(1),
      wire.int16(85),
      wire.compactString('No reassignment in progress'),
      wire.tags(),
      wire.tags(),
      wire.tags(),
    );
    const broker = fakeBroker({ versions: { 45: [0, 1] }, answer: () => withHeaderTags(body) });
    expect(await alterPartitionReassignmentsOn(broker, request)).toEqual([
      { topic: 'orders', partition: 0, errorCode: 0, error: null, message: null },
      {
        topic: 'orders',
        partition: 1,
        errorCode: 85,
        error: 'NO_REASSIGNMENT_IN_PROGRESS',
        message: 'No reassignment in progress',
      },
    ]);
  });

  it('throws on a top-level error (v0)', async () => {
    const body = bytes(
      wire.int32(0),
      wire.int16(41),
      wire.compactString('not controller'),
      wire.compactArrayLength(0),
      wire.tags(),
    );
    const broker = fakeBroker({ versions: { 45: [0, 0] }, answer: () => withHeaderTags(body) });
    await expect(alterPartitionReassignmentsOn(broker, request)).rejects.toThrow(
      'AlterPartitionReassignments failed: NOT_CONTROLLER (41): not controller',
    );
  });
});

describe('ListPartitionReassignments', () => {
  it('encodes all topics as null, or the topics and partitions asked for', async () => {
    expect(await requestBody(listPartitionReassignmentsMessage(0, 10_000, null))).toEqual(
      bytes(wire.tags(), wire.int32(10_000), wire.compactArrayLength(null), wire.tags()),
    );
    expect(
      await requestBody(listPartitionReassignmentsMessage(0, 10_000, [{ name: 'orders', partitions: [2] }])),
    ).toEqual(
      bytes(
        wire.tags(),
        wire.int32(10_000),
        wire.compactArrayLength(1),
        wire.compactString('orders'),
        ids(2),
        wire.tags(),
        wire.tags(),
      ),
    );
  });

  it('decodes ongoing reassignments with their adding and removing replicas', async () => {
    const body = bytes(
      wire.int32(0),
      wire.int16(0),
      wire.compactString(null),
      wire.compactArrayLength(1),
      wire.compactString('orders'),
      wire.compactArrayLength(1),
      wire.int32(3),
      ids(1, 2, 3, 4),
      ids(3, 4),
      ids(1),
      wire.tags(),
      wire.tags(),
      wire.tags(),
    );
    const broker = fakeBroker({ versions: { 46: [0, 0] }, answer: () => withHeaderTags(body) });
    expect(await listPartitionReassignmentsOn(broker, 5000)).toEqual([
      { topic: 'orders', partition: 3, replicas: [1, 2, 3, 4], adding: [3, 4], removing: [1] },
    ]);
  });
});
