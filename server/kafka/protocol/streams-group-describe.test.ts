import { describe, expect, it } from 'vitest';
import {
  bytes,
  hex,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { streamsGroupDescribeMessage } from './streams-group-describe.ts';

// Bodies serialized by Kafka 4.4.0's StreamsGroupDescribe{Request,Response}Data: wordcount is
// Reconciling, subtopology 0 reads "words" and writes wc-repartition, which subtopology 1 reads;
// member s-1 runs task 0_0 and 0_1, warms up 1_2, and its target adds 1_2 as active. fresh is
// NotReady without a topology. v1 adds the topology description fields (null here).
const REQUEST: Record<number, Buffer> = {
  0: hex('020a776f7264636f756e740000'),
  1: hex('020a776f7264636f756e74000000'),
};
const RESPONSE: Record<number, Buffer> = {
  0: hex(
    '00000000030000000a776f7264636f756e740c5265636f6e63696c696e67000000050000000501000000010302300206776f726473020f77632d7265706172746974696f6e0101000231020f77632d7265706172746974696f6e01010100000204732d310000000400000a77632d636c69656e740b2f3132372e302e302e310000000104702d31ff01010102023003000000000000000100010202310200000002000003023003000000000000000100023102000000020001010000008000000000000000066672657368094e6f7452656164790000000100000000ff01800000000000',
  ),
  1: hex(
    '00000000030000000a776f7264636f756e740c5265636f6e63696c696e67000000050000000501000000010302300206776f726473020f77632d7265706172746974696f6e0101000231020f77632d7265706172746974696f6e01010100000204732d310000000400000a77632d636c69656e740b2f3132372e302e302e310000000104702d31ff010101020230030000000000000001000102023102000000020000030230030000000000000001000231020000000200010100000080000000ff000000000000066672657368094e6f7452656164790000000100000000ff0180000000ff00000000',
  ),
};

describe('StreamsGroupDescribe', () => {
  it('encodes the request as Kafka does (v1 asks for no topology description)', async () => {
    for (const version of [0, 1])
      expect(await requestBody(streamsGroupDescribeMessage(version, ['wordcount']))).toEqual(
        bytes(wire.tags(), REQUEST[version]!),
      );
  });

  it("decodes state, epochs, topology and each member's tasks", async () => {
    for (const version of [0, 1]) {
      const { groups } = await respond(
        streamsGroupDescribeMessage(version, []),
        withHeaderTags(RESPONSE[version]!),
      );
      expect(groups).toEqual([
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'wordcount',
          state: 'Reconciling',
          groupEpoch: 5,
          assignmentEpoch: 5,
          subtopologies: [
            { subtopologyId: '0', sourceTopics: ['words'] },
            { subtopologyId: '1', sourceTopics: ['wc-repartition'] },
          ],
          members: [
            {
              memberId: 's-1',
              memberEpoch: 4,
              instanceId: null,
              rackId: null,
              clientId: 'wc-client',
              clientHost: '/127.0.0.1',
              topologyEpoch: 1,
              processId: 'p-1',
              assignment: {
                active: [{ subtopology: '0', partitions: [0, 1] }],
                standby: [],
                warmup: [{ subtopology: '1', partitions: [2] }],
              },
              targetAssignment: {
                active: [
                  { subtopology: '0', partitions: [0, 1] },
                  { subtopology: '1', partitions: [2] },
                ],
                standby: [],
                warmup: [],
              },
              isClassic: false,
            },
          ],
        },
        {
          errorCode: 0,
          errorMessage: null,
          groupId: 'fresh',
          state: 'NotReady',
          groupEpoch: 1,
          assignmentEpoch: 0,
          subtopologies: null,
          members: [],
        },
      ]);
    }
  });
});
