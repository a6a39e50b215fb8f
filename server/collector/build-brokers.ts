import { getOrInsert } from '../shared/maps.ts';
import type { RawCycle } from './raw.ts';
import type { BrokerSnapshot, ControllerSnapshot, TopicSnapshot } from './snapshot.ts';
import type { CollectorState } from './state.ts';

/** Every broker ever seen, up when Metadata lists it now, with its share of the partitions. */
export function buildBrokers(
  raw: RawCycle,
  topics: readonly TopicSnapshot[],
  controller: ControllerSnapshot,
  state: CollectorState,
): BrokerSnapshot[] {
  const listed = new Map((raw.metadata?.brokers ?? []).map((b) => [b.id, b]));
  for (const [id, b] of listed) state.knownBrokers.set(id, { host: b.host, port: b.port, rack: b.rack });

  const counts = new Map<number, { partitions: number; leaders: number; underReplicated: number }>();
  const countFor = (id: number) =>
    getOrInsert(counts, id, () => ({ partitions: 0, leaders: 0, underReplicated: 0 }));
  for (const topic of topics) {
    for (const p of topic.partitions) {
      for (const replica of p.replicas) countFor(replica).partitions++;
      if (p.leader >= 0) {
        const leader = countFor(p.leader);
        leader.leaders++;
        // As Kafka's own UnderReplicatedPartitions metric: counted on the leader.
        if (p.underReplicated) leader.underReplicated++;
      }
    }
  }

  return [...state.knownBrokers]
    .map(([id, known]): BrokerSnapshot => {
      const sizes = raw.logDirs.get(id);
      const c = counts.get(id);
      return {
        id,
        host: known.host,
        port: known.port,
        rack: known.rack,
        up: listed.has(id),
        isController: controller.id === id,
        partitions: c?.partitions ?? 0,
        leaders: c?.leaders ?? 0,
        underReplicated: c?.underReplicated ?? 0,
        logDirBytes: sizes ? [...sizes.values()].reduce((a, b) => a + b, 0) : null,
        jmx: raw.jmx.get(id) ?? null,
      };
    })
    .sort((a, b) => a.id - b.id);
}

/** KRaft: the quorum leader. ZooKeeper mode: Metadata's controller id (in KRaft that one is a random broker). */
export function buildController(raw: RawCycle, previous: ControllerSnapshot | undefined): ControllerSnapshot {
  const quorum = raw.quorum;
  if (quorum === 'unsupported') {
    return {
      mode: 'zookeeper',
      id: raw.metadata?.controllerId ?? null,
      epoch: null,
      highWatermark: null,
      voters: [],
      observers: [],
    };
  }
  if (quorum) {
    return {
      mode: 'kraft',
      id: quorum.leaderId >= 0 ? quorum.leaderId : null,
      epoch: quorum.leaderEpoch,
      highWatermark: quorum.highWatermark,
      voters: quorum.voters,
      observers: quorum.observers,
    };
  }
  // The quorum could not be asked this cycle: say so rather than guess from Metadata.
  return {
    mode: previous?.mode ?? 'unknown',
    id: null,
    epoch: null,
    highWatermark: null,
    voters: [],
    observers: [],
  };
}
