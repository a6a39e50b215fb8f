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
import { UnsupportedApiError } from './errors.ts';
import {
  findCoordinatorMessage,
  findCoordinators,
  findCoordinatorsMessage,
  findCoordinatorsOn,
} from './find-coordinator.ts';

// Bodies serialized by Kafka 4.4.0's FindCoordinatorRequestData / FindCoordinatorResponseData.
// v4: groups orders-app (coordinator 2 at kafka-2:9093) and billing (COORDINATOR_NOT_AVAILABLE).
const REQUEST_V4 = hex('00030b6f72646572732d6170700862696c6c696e6700');
const RESPONSE_V4 = hex(
  '00000000030b6f72646572732d61707000000002086b61666b612d3200002385000001000862696c6c696e67ffffffff01ffffffff' +
    '000f2254686520636f6f7264696e61746f72206973206e6f7420617661696c61626c652e0000',
);
// v1–v3: orders-app alone.
const SINGLE_REQUEST: Record<number, Buffer> = {
  1: hex('000a6f72646572732d61707000'),
  2: hex('000a6f72646572732d61707000'),
  3: hex('0b6f72646572732d6170700000'),
};
const SINGLE_RESPONSE: Record<number, Buffer> = {
  1: hex('00000000000000000000000200076b61666b612d3200002385'),
  2: hex('00000000000000000000000200076b61666b612d3200002385'),
  3: hex('0000000000000100000002086b61666b612d320000238500'),
};

const ORDERS_APP = {
  groupId: 'orders-app',
  coordinator: { nodeId: 2, host: 'kafka-2', port: 9093 },
  error: null,
};
const BILLING_UNAVAILABLE = {
  groupId: 'billing',
  coordinator: null,
  error: {
    code: 15,
    name: 'COORDINATOR_NOT_AVAILABLE',
    retriable: true,
    message: 'The coordinator is not available.',
  },
};

describe('FindCoordinator', () => {
  it('encodes batched (v4) and single-key (v1–v3) requests as Kafka does', async () => {
    expect(await requestBody(findCoordinatorsMessage(4, ['orders-app', 'billing']))).toEqual(
      bytes(wire.tags(), REQUEST_V4),
    );
    expect(await requestBody(findCoordinatorMessage(1, 'orders-app'))).toEqual(SINGLE_REQUEST[1]);
    expect(await requestBody(findCoordinatorMessage(2, 'orders-app'))).toEqual(SINGLE_REQUEST[2]);
    expect(await requestBody(findCoordinatorMessage(3, 'orders-app'))).toEqual(
      bytes(wire.tags(), SINGLE_REQUEST[3]!),
    );
  });

  it('decodes the responses Kafka serializes', async () => {
    const batched = await respond(findCoordinatorsMessage(4, []), withHeaderTags(RESPONSE_V4));
    expect(batched.coordinators.map((c) => [c.key, c.nodeId, c.errorCode])).toEqual([
      ['orders-app', 2, 0],
      ['billing', -1, 15],
    ]);
    for (const version of [1, 2, 3]) {
      const raw = version >= 3 ? withHeaderTags(SINGLE_RESPONSE[version]!) : SINGLE_RESPONSE[version]!;
      const single = await respond(findCoordinatorMessage(version, 'orders-app'), raw);
      expect(single.coordinators).toEqual([
        { key: 'orders-app', nodeId: 2, host: 'kafka-2', port: 9093, errorCode: 0, errorMessage: '' },
      ]);
    }
  });

  it('looks up all groups in one request from v4 on, errors per group', async () => {
    const broker = fakeBroker({ versions: { 10: [0, 6] }, answer: () => withHeaderTags(RESPONSE_V4) });
    const lookups = await findCoordinatorsOn(broker, ['orders-app', 'billing', 'orders-app']);
    expect(broker.sent).toEqual([{ apiKey: 10, apiVersion: 6, body: bytes(wire.tags(), REQUEST_V4) }]);
    expect(lookups).toEqual([ORDERS_APP, BILLING_UNAVAILABLE]);
  });

  it('falls back to one request per group before v4', async () => {
    const broker = fakeBroker({
      versions: { 10: [0, 3] },
      answer: ({ body }) => {
        const groupId = body.subarray(2, body.length - 2).toString(); // tags, length, key, tags
        const coordinator = groupId === 'orders-app' ? 2 : 1;
        return withHeaderTags(
          bytes(
            wire.int32(0),
            wire.int16(0),
            wire.compactString(null),
            wire.int32(coordinator),
            wire.compactString(`kafka-${coordinator}`),
            wire.int32(9091 + coordinator),
            wire.tags(),
          ),
        );
      },
    });
    const lookups = await findCoordinatorsOn(broker, ['orders-app', 'billing']);
    expect(broker.sent.map((s) => s.apiVersion)).toEqual([3, 3]);
    expect(lookups).toEqual([
      ORDERS_APP,
      { groupId: 'billing', coordinator: { nodeId: 1, host: 'kafka-1', port: 9092 }, error: null },
    ]);
  });

  it('sends nothing for no groups, and reports a group the broker left out', async () => {
    const silent = fakeBroker({ versions: { 10: [0, 4] } });
    expect(await findCoordinatorsOn(silent, [])).toEqual([]);
    const partial = fakeBroker({ versions: { 10: [0, 4] }, answer: () => withHeaderTags(RESPONSE_V4) });
    const [lookup] = await findCoordinators(fakeCluster([partial]), ['payments']);
    expect(lookup).toMatchObject({
      groupId: 'payments',
      coordinator: null,
      error: { name: 'MISSING_FROM_RESPONSE' },
    });
    await expect(findCoordinatorsOn(fakeBroker({ versions: {} }), ['a'])).rejects.toThrow(
      UnsupportedApiError,
    );
  });
});
