import { describe, expect, it } from 'vitest';
import {
  bytes,
  fakeBroker,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { electLeadersMessage, electLeadersOn } from './elect-leaders.ts';
import { KafkaProtocolError } from './errors.ts';

// Byte vectors written field by field from ElectLeadersRequest.json / ElectLeadersResponse.json
// (Kafka 4.4.0's clients jar) with test-support's independent builders.
const request = {
  type: 'preferred' as const,
  partitions: [{ topic: 'orders', partitions: [0, 2] }],
  timeoutMs: 30_000,
};

describe('ElectLeaders', () => {
  it('encodes v1 (classic) and v2 (flexible) as the schema lays them out', async () => {
    expect(await requestBody(electLeadersMessage(1, request))).toEqual(
      bytes(
        wire.int8(0),
        wire.arrayLength(1),
        wire.string('orders'),
        wire.arrayLength(2),
        wire.int32(0),
        wire.int32(2),
        wire.int32(30_000),
      ),
    );
    expect(await requestBody(electLeadersMessage(2, { ...request, type: 'unclean' }))).toEqual(
      bytes(
        wire.tags(), // request header v2
        wire.int8(1),
        wire.compactArrayLength(1),
        wire.compactString('orders'),
        wire.compactArrayLength(2),
        wire.int32(0),
        wire.int32(2),
        wire.tags(),
        wire.int32(30_000),
        wire.tags(),
      ),
    );
  });

  it('encodes "every partition" as a null array', async () => {
    expect(await requestBody(electLeadersMessage(1, { ...request, partitions: null }))).toEqual(
      bytes(wire.int8(0), wire.arrayLength(null), wire.int32(30_000)),
    );
    expect(await requestBody(electLeadersMessage(2, { ...request, partitions: null }))).toEqual(
      bytes(wire.tags(), wire.int8(0), wire.compactArrayLength(null), wire.int32(30_000), wire.tags()),
    );
  });

  const v2Response = (errorCode = 0) =>
    bytes(
      wire.int32(0),
      wire.int16(errorCode),
      wire.compactArrayLength(1),
      wire.compactString('orders'),
      wire.compactArrayLength(3),
      ...[
        [0, 0, null],
        [1, 84, 'Leader election not needed for topic partition'],
        [2, 80, 'Failed to elect leader: preferred replica not in the ISR'],
      ].flatMap(([p, code, message]) => [
        wire.int32(p as number),
        wire.int16(code as number),
        wire.compactString(message as string | null),
        wire.tags(),
      ]),
      wire.tags(),
      wire.tags(),
    );

  it('decodes per-partition outcomes; "election not needed" is its own outcome, not a failure', async () => {
    const broker = fakeBroker({ versions: { 43: [0, 2] }, answer: () => withHeaderTags(v2Response()) });
    const results = await electLeadersOn(broker, request);
    expect(broker.sent[0]!.apiVersion).toBe(2);
    expect(results).toEqual([
      { topic: 'orders', partition: 0, outcome: 'elected', error: null, message: null },
      {
        topic: 'orders',
        partition: 1,
        outcome: 'not_needed',
        error: 'ELECTION_NOT_NEEDED',
        message: 'Leader election not needed for topic partition',
      },
      {
        topic: 'orders',
        partition: 2,
        outcome: 'failed',
        error: 'PREFERRED_LEADER_NOT_AVAILABLE',
        message: 'Failed to elect leader: preferred replica not in the ISR',
      },
    ]);
  });

  it('decodes v1 (classic strings and arrays)', async () => {
    const body = bytes(
      wire.int32(5),
      wire.int16(0),
      wire.arrayLength(1),
      wire.string('t'),
      wire.arrayLength(1),
      wire.int32(4),
      wire.int16(0),
      wire.string(null),
    );
    const response = await respond(electLeadersMessage(1, request), body);
    expect(response).toEqual({
      throttleTimeMs: 5,
      errorCode: 0,
      results: [{ topic: 't', partitions: [{ partition: 4, errorCode: 0, errorMessage: null }] }],
    });
  });

  it('throws a named error for a top-level refusal (e.g. not authorized)', async () => {
    const broker = fakeBroker({ versions: { 43: [0, 2] }, answer: () => withHeaderTags(v2Response(31)) });
    await expect(electLeadersOn(broker, request)).rejects.toThrow(KafkaProtocolError);
    await expect(electLeadersOn(broker, request)).rejects.toThrow('CLUSTER_AUTHORIZATION_FAILED');
  });

  it('refuses a broker with only v0 (no election type), without sending', async () => {
    const broker = fakeBroker({ versions: { 43: [0, 0] } });
    await expect(electLeadersOn(broker, request)).rejects.toThrow('does not support ElectLeaders');
    expect(broker.sent).toEqual([]);
  });
});
