import type { BrokerSnapshot, TopicSnapshot } from '../../snapshot.ts';
import type { LeaderBalance } from './types.ts';

/**
 * Leaders per live broker against its fair share and its preferred partitions. Kafka moves a
 * leader back to the preferred replica (the first in the replica list) only on a preferred
 * election, automatic or by `kafka-leader-election.sh`; until then a restarted broker leads
 * fewer partitions than it should and the others carry its load.
 */
export function leaderBalance(
  brokers: readonly Pick<BrokerSnapshot, 'id' | 'up'>[],
  topics: readonly Pick<TopicSnapshot, 'partitions'>[],
): LeaderBalance {
  const live = brokers.filter((b) => b.up).map((b) => b.id);
  const leaders = new Map<number, number>(live.map((id) => [id, 0]));
  const preferred = new Map<number, number>(live.map((id) => [id, 0]));
  const preferredNotLed = new Map<number, number>(live.map((id) => [id, 0]));
  let led = 0;
  let notPreferred = 0;
  for (const topic of topics)
    for (const p of topic.partitions) {
      if (p.leader >= 0) {
        led++;
        if (leaders.has(p.leader)) leaders.set(p.leader, leaders.get(p.leader)! + 1);
        if (!p.leaderIsPreferred) notPreferred++;
      }
      const pref = p.preferredLeader;
      if (pref === null || !preferred.has(pref)) continue;
      preferred.set(pref, preferred.get(pref)! + 1);
      if (p.leader !== pref) preferredNotLed.set(pref, preferredNotLed.get(pref)! + 1);
    }
  const fairShare = live.length ? led / live.length : 0;
  return {
    brokers: live
      .sort((a, b) => a - b)
      .map((id) => {
        const pref = preferred.get(id)!;
        const notLed = preferredNotLed.get(id)!;
        return {
          broker: id,
          leaders: leaders.get(id)!,
          preferred: pref,
          preferredNotLed: notLed,
          fairShare,
          imbalancePercent: pref > 0 ? (notLed / pref) * 100 : 0,
        };
      }),
    notPreferred,
    ledPartitions: led,
  };
}
