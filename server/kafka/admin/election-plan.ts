// What a leader election would do, worked out from the latest snapshot before anything is sent:
// the preview shown to the operator and the exact partition list that is then executed.
import { createHash } from 'node:crypto';

export interface ElectionPartition {
  topic: string;
  partition: number;
  /** -1 when the partition has no leader. */
  leader: number;
  replicas: readonly number[];
  isr: readonly number[];
  /** The last end offset Kestrel saw (the old leader's high watermark); null when unknown. */
  endOffset: number | null;
}

export interface PreferredMove {
  topic: string;
  partition: number;
  leader: number | null;
  preferred: number;
}

export interface PreferredElectionPreview {
  /** Led by another replica while the preferred one is in the ISR: the election moves these. */
  toElect: PreferredMove[];
  /** Off their preferred leader, but it is out of the ISR: Kafka would refuse them. */
  blocked: PreferredMove[];
  /** Partitions looked at. */
  considered: number;
}

export function previewPreferredElection(partitions: readonly ElectionPartition[]): PreferredElectionPreview {
  const toElect: PreferredMove[] = [];
  const blocked: PreferredMove[] = [];
  for (const p of partitions) {
    const preferred = p.replicas[0];
    if (preferred === undefined || p.leader === preferred) continue;
    const move = {
      topic: p.topic,
      partition: p.partition,
      leader: p.leader < 0 ? null : p.leader,
      preferred,
    };
    (p.isr.includes(preferred) ? toElect : blocked).push(move);
  }
  const order = (a: PreferredMove, b: PreferredMove) =>
    a.topic.localeCompare(b.topic) || a.partition - b.partition;
  return { toElect: toElect.sort(order), blocked: blocked.sort(order), considered: partitions.length };
}

export type UncleanPreview =
  | { possible: false; reason: string }
  | {
      possible: true;
      topic: string;
      partition: number;
      /** The out-of-sync replica Kafka would most likely make leader (first live one in replica order). */
      candidate: number;
      /** The last ISR: the replicas that had every committed message. */
      lastIsr: number[];
      lastKnownEndOffset: number | null;
      /** What the operator must type to confirm: "<topic>-<partition>". */
      confirmText: string;
      /** The data it may lose, in words. */
      dataLoss: string;
    };

/** An unclean election of one partition: only for a partition without a leader or in-sync replica alive. */
export function previewUncleanElection(
  p: ElectionPartition,
  liveBrokers: ReadonlySet<number>,
): UncleanPreview {
  const name = `${p.topic}-${p.partition}`;
  if (p.leader >= 0)
    return {
      possible: false,
      reason: `${name} has a leader (broker ${p.leader}): no unclean election is needed`,
    };
  const liveIsr = p.isr.filter((id) => liveBrokers.has(id));
  if (liveIsr.length > 0)
    return {
      possible: false,
      reason: `${name} has in-sync replica(s) ${liveIsr.join(', ')} alive: Kafka can elect a clean leader, no data need be lost`,
    };
  const candidate = p.replicas.find((id) => liveBrokers.has(id) && !p.isr.includes(id));
  if (candidate === undefined)
    return { possible: false, reason: `${name} has no live replica: there is nothing to elect` };
  const end =
    p.endOffset === null
      ? 'Kestrel does not know the end offset it last had'
      : `the partition last ended at offset ${p.endOffset}`;
  return {
    possible: true,
    topic: p.topic,
    partition: p.partition,
    candidate,
    lastIsr: [...p.isr],
    lastKnownEndOffset: p.endOffset,
    confirmText: name,
    dataLoss:
      `Broker ${candidate} is out of sync and would lead ${name}. Every message it does not have is lost for good: ` +
      `those written after it fell out of the ISR (${p.isr.length > 0 ? `last ISR: ${p.isr.join(', ')}` : 'ISR empty'}); ` +
      `${end}, and Kestrel does not know broker ${candidate}'s own log end offset, so up to all messages since it ` +
      'fell behind may go. Consumers may also see offsets reused.',
  };
}

/**
 * A short fingerprint of a preview: execute requests carry it back, and a plan that changed in
 * between (a new snapshot, another operator) is refused instead of silently doing something else.
 */
export function previewToken(preview: unknown): string {
  return createHash('sha256').update(JSON.stringify(preview)).digest('hex').slice(0, 16);
}
