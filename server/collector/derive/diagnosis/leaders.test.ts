// Leader balance: leaders per live broker against the fair share and the preferred replicas.
import { describe, expect, it } from 'vitest';
import { broker, topic } from '../../../../test/support/snapshot-fixtures.ts';
import { leaderBalance } from './leaders.ts';

describe('leader balance', () => {
  it('compares leaders with the fair share and counts preferred partitions led elsewhere', () => {
    const t = topic('t', [1, 1, 1, 1, 1, 1]);
    const partitions = t.partitions.map((p) => {
      const replicas = [(p.partition % 3) + 1, ((p.partition + 1) % 3) + 1];
      // Broker 3 restarted: its partitions are led by their second replica.
      const leader = replicas[0] === 3 ? replicas[1]! : replicas[0]!;
      return {
        ...p,
        replicas,
        preferredLeader: replicas[0]!,
        leader,
        leaderIsPreferred: leader === replicas[0],
      };
    });
    const balance = leaderBalance([broker(1), broker(2), broker(3)], [{ partitions }]);
    expect(balance).toMatchObject({ notPreferred: 2, ledPartitions: 6 });
    expect(
      balance.brokers.map((b) => [b.broker, b.leaders, b.preferred, b.preferredNotLed, b.imbalancePercent]),
    ).toEqual([
      [1, 4, 2, 0, 0],
      [2, 2, 2, 0, 0],
      [3, 0, 2, 2, 100],
    ]);
    expect(balance.brokers[0]?.fairShare).toBe(2);
    // A broker that is down has no share; its partitions without a leader count nowhere.
    const down = leaderBalance(
      [broker(1), broker(2, false)],
      [{ partitions: partitions.map((p) => ({ ...p, leader: -1 })) }],
    );
    expect(down).toMatchObject({ ledPartitions: 0, notPreferred: 0 });
    expect(down.brokers.map((b) => b.broker)).toEqual([1]);
  });
});
