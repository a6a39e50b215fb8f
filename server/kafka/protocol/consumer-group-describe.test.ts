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
import { consumerGroupDescribeMessage, consumerGroupDescribeOn } from './consumer-group-describe.ts';
import { UnsupportedApiError } from './errors.ts';

// Bodies serialized by Kafka 4.4.0's ConsumerGroupDescribe{Request,Response}Data: billing is
// Reconciling (member m-1 at epoch 6 owns orders-0 and -2, its target adds orders-1), gone
// answers GROUP_ID_NOT_FOUND. v1 adds the member type (1: consumer protocol).
const REQUEST = hex('030862696c6c696e6705676f6e650000');
const RESPONSE: Record<number, Buffer> = {
  0: hex(
    '00000000030000000862696c6c696e670c5265636f6e63696c696e67000000070000000708756e69666f726d02046d2d3104692d31000000000611636f6e736f6c652d636f6e73756d65720b2f3132372e302e302e3102076f726465727300020102030405060708090a0b0c0d0e0f10076f72646572730300000000000000020000020102030405060708090a0b0c0d0e0f10076f726465727304000000000000000100000002000000800000000000452447726f757020676f6e65206973206e6f74206120636f6e73756d65722067726f75702e05676f6e650100000000000000000101800000000000',
  ),
  1: hex(
    '00000000030000000862696c6c696e670c5265636f6e63696c696e67000000070000000708756e69666f726d02046d2d3104692d31000000000611636f6e736f6c652d636f6e73756d65720b2f3132372e302e302e3102076f726465727300020102030405060708090a0b0c0d0e0f10076f72646572730300000000000000020000020102030405060708090a0b0c0d0e0f10076f72646572730400000000000000010000000200000100800000000000452447726f757020676f6e65206973206e6f74206120636f6e73756d65722067726f75702e05676f6e650100000000000000000101800000000000',
  ),
};
const ORDERS_ID = Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex').toString('base64url');

describe('ConsumerGroupDescribe', () => {
  it('encodes the request as Kafka does', async () => {
    for (const version of [0, 1])
      expect(await requestBody(consumerGroupDescribeMessage(version, ['billing', 'gone']))).toEqual(
        bytes(wire.tags(), REQUEST),
      );
  });

  it('decodes epochs, members, current and target assignment and the member type', async () => {
    for (const version of [0, 1]) {
      const { groups } = await respond(
        consumerGroupDescribeMessage(version, []),
        withHeaderTags(RESPONSE[version]!),
      );
      expect(groups[0]).toEqual({
        errorCode: 0,
        errorMessage: null,
        groupId: 'billing',
        state: 'Reconciling',
        groupEpoch: 7,
        assignmentEpoch: 7,
        assignorName: 'uniform',
        members: [
          {
            memberId: 'm-1',
            instanceId: 'i-1',
            rackId: null,
            memberEpoch: 6,
            clientId: 'console-consumer',
            clientHost: '/127.0.0.1',
            subscribedTopicNames: ['orders'],
            subscribedTopicRegex: null,
            assignment: [{ topicId: ORDERS_ID, topic: 'orders', partitions: [0, 2] }],
            targetAssignment: [{ topicId: ORDERS_ID, topic: 'orders', partitions: [0, 1, 2] }],
            memberType: version >= 1 ? 'consumer' : null,
          },
        ],
      });
      expect(groups[1]).toMatchObject({ groupId: 'gone', errorCode: 69, members: [] });
    }
  });

  it('says when the broker has no such API (Kafka before KIP-848)', async () => {
    const kafka36 = fakeBroker({ versions: { 15: [0, 5] } });
    await expect(consumerGroupDescribeOn(kafka36, ['billing'])).rejects.toBeInstanceOf(UnsupportedApiError);
    const kafka44 = fakeBroker({ versions: { 69: [0, 1] }, answer: () => withHeaderTags(RESPONSE[1]!) });
    expect((await consumerGroupDescribeOn(kafka44, ['billing', 'gone'])).map((g) => g.groupId)).toEqual([
      'billing',
      'gone',
    ]);
    expect(kafka44.sent.map((s) => s.apiVersion)).toEqual([1]);
  });
});
