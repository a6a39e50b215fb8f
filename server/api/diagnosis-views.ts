import type { GroupDiagnosis, TopicDiagnosis } from '../collector/index.ts';
import type { ClusterSnapshot } from '../collector/snapshot.ts';

interface DiagnosisIndex {
  groups: ReadonlyMap<string, GroupDiagnosis>;
  topics: ReadonlyMap<string, TopicDiagnosis>;
}

// One index per snapshot: a snapshot is immutable, so the index never goes stale.
const indexes = new WeakMap<ClusterSnapshot, DiagnosisIndex>();

function indexOf(snapshot: ClusterSnapshot): DiagnosisIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    index = {
      groups: new Map(snapshot.diagnosis.groups.map((g) => [g.group, g])),
      topics: new Map(snapshot.diagnosis.topics.map((t) => [t.topic, t])),
    };
    indexes.set(snapshot, index);
  }
  return index;
}

export const groupDiagnosis = (snapshot: ClusterSnapshot, id: string) => indexOf(snapshot).groups.get(id);
export const topicDiagnosis = (snapshot: ClusterSnapshot, name: string) => indexOf(snapshot).topics.get(name);

/**
 * The groups an operator should look at first: with lag and a finding or a non-OK status,
 * the oldest backlog (time lag) first, then the most messages.
 */
export function laggingGroups(snapshot: ClusterSnapshot, limit: number) {
  const { groups } = indexOf(snapshot);
  return snapshot.groups
    .filter((g) => (g.lag ?? 0) > 0)
    .map((g) => ({ group: g, diagnosis: groups.get(g.id) }))
    .filter(({ group, diagnosis }) => group.status !== 'OK' || (diagnosis?.findings.length ?? 0) > 0)
    .sort(
      (a, b) =>
        (b.group.timeLagSeconds ?? -1) - (a.group.timeLagSeconds ?? -1) ||
        (b.group.lag ?? 0) - (a.group.lag ?? 0),
    )
    .slice(0, limit)
    .map(({ group, diagnosis }) => ({
      group: group.id,
      state: group.state,
      status: group.status,
      lag: group.lag,
      timeLagSeconds: group.timeLagSeconds,
      lostMessages: diagnosis?.lostMessages ?? 0,
      findings: diagnosis?.findings.length ?? 0,
      first: diagnosis?.findings[0] ?? null,
    }));
}

/** Every group's retention rows on one topic: who is about to lose messages here, or has. */
export function topicRetention(snapshot: ClusterSnapshot, topic: string) {
  return snapshot.diagnosis.groups
    .flatMap((g) => g.retention.filter((r) => r.topic === topic).map((r) => ({ group: g.group, ...r })))
    .filter((r) => r.lostMessages > 0 || r.secondsToDeletion !== null)
    .sort(
      (a, b) =>
        b.lostMessages - a.lostMessages ||
        (a.secondsToDeletion ?? Number.POSITIVE_INFINITY) - (b.secondsToDeletion ?? Number.POSITIVE_INFINITY),
    );
}
