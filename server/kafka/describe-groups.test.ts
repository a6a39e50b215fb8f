import { describe, expect, it } from 'vitest';
import { fakeBroker, hex, withHeaderTags } from '../../test/support/protocol-bytes.ts';
import { describeOnCoordinator } from './describe-groups.ts';

// StreamsGroupDescribe v1 as Kafka 4.4.0 serializes it (see streams-group-describe.test.ts).
const STREAMS_RESPONSE = hex(
  '00000000030000000a776f7264636f756e740c5265636f6e63696c696e67000000050000000501000000010302300206776f726473020f77632d7265706172746974696f6e0101000231020f77632d7265706172746974696f6e01010100000204732d310000000400000a77632d636c69656e740b2f3132372e302e302e310000000104702d31ff010101020230030000000000000001000102023102000000020000030230030000000000000001000231020000000200010100000080000000ff000000000000066672657368094e6f7452656164790000000100000000ff0180000000ff00000000',
);

describe('describeOnCoordinator', () => {
  it("maps a streams member's active tasks onto the source-topic partitions it owns", async () => {
    const broker = fakeBroker({ versions: { 89: [0, 1] }, answer: () => withHeaderTags(STREAMS_RESPONSE) });
    const { groups, errors } = await describeOnCoordinator(broker, [
      { id: 'wordcount', type: 'streams', state: 'Reconciling', protocolType: 'streams' },
      { id: 'fresh', type: 'streams', state: 'NotReady', protocolType: 'streams' },
    ]);
    expect(errors).toEqual([]);
    expect(groups.map((g) => [g.id, g.type, g.state, g.groupEpoch, g.members.length])).toEqual([
      ['wordcount', 'streams', 'Reconciling', 5, 1],
      ['fresh', 'streams', 'NotReady', 1, 0],
    ]);
    const member = groups[0]!.members[0]!;
    // Task 0_0 and 0_1 read words-0 and -1; warm-up 1_2 owns nothing yet, the target makes it active.
    expect(member.assignment).toEqual([{ topic: 'words', partitions: [0, 1] }]);
    expect(member.targetAssignment).toEqual([
      { topic: 'wc-repartition', partitions: [2] },
      { topic: 'words', partitions: [0, 1] },
    ]);
    expect(member.tasks).toEqual({
      active: [{ subtopology: '0', partitions: [0, 1] }],
      standby: [],
      warmup: [{ subtopology: '1', partitions: [2] }],
    });
    expect(member.subscribedTopics).toEqual(['wc-repartition', 'words']);
  });

  it('gives what ListGroups had for streams groups where the broker cannot describe them', async () => {
    const broker = fakeBroker({ versions: { 16: [0, 5] } });
    const { groups, errors } = await describeOnCoordinator(broker, [
      { id: 'wordcount', type: 'streams', state: 'Stable', protocolType: 'streams' },
    ]);
    expect(errors).toEqual([]);
    expect(groups).toMatchObject([{ id: 'wordcount', type: 'streams', state: 'Stable', members: [] }]);
  });
});
