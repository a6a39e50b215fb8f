import { describe, expect, it } from 'vitest';
import {
  bytes,
  type FakeBroker,
  fakeBroker,
  fakeCluster,
  hex,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { UnsupportedApiError } from './errors.ts';
import { fetchCommittedOffsets, offsetFetchMessage, offsetFetchOn } from './offset-fetch.ts';

// Bodies serialized by Kafka 4.4.0's OffsetFetchRequestData / OffsetFetchResponseData.
// Request: groups orders-app and billing, all topics (null), require stable; v9 as an admin
// (member id null, epoch -1). Response: orders-app committed orders-0 at 100 (leader epoch 3,
// metadata "") and has UNSTABLE_OFFSET_COMMIT (88) on orders-1; billing failed as a whole with
// COORDINATOR_LOAD_IN_PROGRESS (14). v8 and v9 responses are the same bytes.
const REQUEST: Record<number, Buffer> = {
  8: hex('030b6f72646572732d61707000000862696c6c696e6700000100'),
  9: hex('030b6f72646572732d61707000ffffffff00000862696c6c696e6700ffffffff00000100'),
};
const RESPONSE = hex(
  '00000000030b6f72646572732d61707002076f726465727303000000000000000000000064000000030100000000000001ffffffffff' +
    'ffffffffffffff00005800000000000862696c6c696e6701000e0000',
);

const ORDERS_APP = {
  groupId: 'orders-app',
  error: null,
  offsets: [
    { topic: 'orders', partition: 0, offset: 100, leaderEpoch: 3, metadata: '', error: null },
    {
      topic: 'orders',
      partition: 1,
      offset: null,
      leaderEpoch: null,
      metadata: null,
      error: { code: 88, name: 'UNSTABLE_OFFSET_COMMIT', retriable: true, message: null },
    },
  ],
};
const BILLING_LOADING = {
  groupId: 'billing',
  error: { code: 14, name: 'COORDINATOR_LOAD_IN_PROGRESS', retriable: true, message: null },
  offsets: [],
};

function coordinator(
  nodeId: number,
  maxVersion: number,
  answer = () => withHeaderTags(RESPONSE),
): FakeBroker {
  return fakeBroker({
    nodeId,
    versions: { 9: [1, maxVersion], 10: [0, 6] },
    answer,
    legacyOffsetFetch: async (groupId) =>
      groupId === 'billing'
        ? Promise.reject(
            Object.assign(new Error('load in progress'), { type: 'COORDINATOR_LOAD_IN_PROGRESS', code: 14 }),
          )
        : [{ topic: 'orders', partitions: [{ partition: 0, offset: '100', metadata: '', errorCode: 0 }] }],
  });
}

describe('OffsetFetch', () => {
  it('encodes many groups, all topics, as Kafka does (v8, v9)', async () => {
    for (const version of [8, 9]) {
      expect(await requestBody(offsetFetchMessage(version, ['orders-app', 'billing'], true))).toEqual(
        bytes(wire.tags(), REQUEST[version]!),
      );
    }
  });

  it('decodes per-group and per-partition errors as Kafka serializes them', async () => {
    const response = await respond(offsetFetchMessage(9, [], false), withHeaderTags(RESPONSE));
    expect(response.groups).toEqual([
      { groupId: 'orders-app', errorCode: 0, offsets: ORDERS_APP.offsets },
      { groupId: 'billing', errorCode: 14, offsets: [] },
    ]);
  });

  it('fetches all of a coordinator’s groups in one request, at most v9', async () => {
    const broker = coordinator(2, 10);
    const groups = await offsetFetchOn(broker, ['orders-app', 'billing'], { requireStable: true });
    expect(broker.sent).toEqual([{ apiKey: 9, apiVersion: 9, body: bytes(wire.tags(), REQUEST[9]!) }]);
    expect(groups).toEqual([
      { ...ORDERS_APP, coordinatorId: 2 },
      { ...BILLING_LOADING, coordinatorId: 2 },
    ]);
  });

  it('splits very many groups into requests of maxGroupsPerRequest', async () => {
    const broker = coordinator(2, 8);
    const groups = await offsetFetchOn(broker, ['orders-app', 'billing', 'payments'], {
      maxGroupsPerRequest: 2,
    });
    expect(broker.sent.map((s) => s.apiVersion)).toEqual([8, 8]);
    expect(groups.map((g) => [g.groupId, g.error?.name ?? null])).toEqual([
      ['orders-app', null],
      ['billing', 'COORDINATOR_LOAD_IN_PROGRESS'],
      ['payments', 'MISSING_FROM_RESPONSE'],
    ]);
  });

  it('falls back to kafkajs’ one-group OffsetFetch before v8, or when capped below it', async () => {
    for (const [maxVersion, options] of [
      [7, {}],
      [9, { maxVersion: 7 }],
    ] as const) {
      const broker = coordinator(1, maxVersion);
      const groups = await offsetFetchOn(broker, ['orders-app', 'billing'], options);
      expect(broker.sent).toEqual([]);
      expect(broker.legacyFetches).toEqual(['orders-app', 'billing']);
      expect(groups).toEqual([
        {
          groupId: 'orders-app',
          coordinatorId: 1,
          error: null,
          offsets: [
            { topic: 'orders', partition: 0, offset: 100, leaderEpoch: null, metadata: '', error: null },
          ],
        },
        {
          ...BILLING_LOADING,
          coordinatorId: 1,
          error: { ...BILLING_LOADING.error, message: 'load in progress' },
        },
      ]);
    }
    await expect(offsetFetchOn(fakeBroker({ versions: {} }), ['a'])).rejects.toThrow(UnsupportedApiError);
  });

  it('groups by coordinator: one FindCoordinator, one OffsetFetch per coordinator', async () => {
    const lookups = bytes(
      wire.int32(0),
      wire.compactArrayLength(3),
      ...[
        ['orders-app', 1, 0],
        ['billing', 2, 0],
        ['payments', -1, 15],
      ].map(([key, nodeId, errorCode]) =>
        bytes(
          wire.compactString(key as string),
          wire.int32(nodeId as number),
          wire.compactString('h'),
          wire.int32(1),
          wire.int16(errorCode as number),
          wire.compactString(null),
          wire.tags(),
        ),
      ),
      wire.tags(),
    );
    const one = coordinator(1, 9, () =>
      one.sent.length === 1 ? withHeaderTags(lookups) : withHeaderTags(RESPONSE),
    );
    const two = coordinator(2, 9);
    const groups = await fetchCommittedOffsets(fakeCluster([one, two]), [
      'orders-app',
      'billing',
      'payments',
    ]);

    expect(one.sent.map((s) => s.apiKey)).toEqual([10, 9]);
    expect(two.sent.map((s) => s.apiKey)).toEqual([9]);
    expect(groups.map((g) => [g.groupId, g.coordinatorId, g.error?.name ?? null])).toEqual([
      ['payments', null, 'COORDINATOR_NOT_AVAILABLE'],
      ['orders-app', 1, null],
      ['billing', 2, 'COORDINATOR_LOAD_IN_PROGRESS'],
    ]);
  });

  it('turns a coordinator that cannot be asked into an error on each of its groups', async () => {
    const lookups = bytes(
      wire.int32(0),
      wire.compactArrayLength(1),
      wire.compactString('orders-app'),
      wire.int32(2),
      wire.compactString('h'),
      wire.int32(1),
      wire.int16(0),
      wire.compactString(null),
      wire.tags(),
      wire.tags(),
    );
    const one = coordinator(1, 9, () => withHeaderTags(lookups));
    const groups = await fetchCommittedOffsets(fakeCluster([one]), ['orders-app']);
    expect(groups).toEqual([
      {
        groupId: 'orders-app',
        coordinatorId: 2,
        error: expect.objectContaining({ code: -1, message: 'no broker 2' }),
        offsets: [],
      },
    ]);
  });
});
