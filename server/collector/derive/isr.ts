import { partitionKey } from '../../model/index.ts';
/** A partition's replica state, as far as ISR changes are concerned. */
export interface ReplicaState {
  topic: string;
  partition: number;
  isr: readonly number[];
}

export interface IsrChange {
  topic: string;
  partition: number;
  kind: 'shrink' | 'expand';
  /** The replicas that left (shrink) or joined (expand) the ISR. */
  brokers: number[];
  isrBefore: number[];
  isrAfter: number[];
}

const key = (p: { topic: string; partition: number }) => partitionKey(p.topic, p.partition);

/**
 * Every ISR shrink and expand between two observations of the same partitions. A partition
 * that both lost and gained replicas yields both events. New or deleted partitions yield none.
 */
export function isrChanges(before: Iterable<ReplicaState>, after: Iterable<ReplicaState>): IsrChange[] {
  const previous = new Map<string, ReplicaState>();
  for (const p of before) previous.set(key(p), p);
  const changes: IsrChange[] = [];
  for (const current of after) {
    const old = previous.get(key(current));
    // Nearly every partition keeps its ISR from one cycle to the next: no work for those.
    if (!old || sameMembers(old.isr, current.isr)) continue;
    const left = old.isr.filter((id) => !current.isr.includes(id));
    const joined = current.isr.filter((id) => !old.isr.includes(id));
    const base = {
      topic: current.topic,
      partition: current.partition,
      isrBefore: [...old.isr],
      isrAfter: [...current.isr],
    };
    if (left.length > 0) changes.push({ ...base, kind: 'shrink', brokers: left.sort((a, b) => a - b) });
    if (joined.length > 0) changes.push({ ...base, kind: 'expand', brokers: joined.sort((a, b) => a - b) });
  }
  return changes;
}

function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
