// Shared setup for the protocol tests: a KafkaInternals on a harness cluster that records every
// request kafkajs completes, and quick ways to put bytes and committed offsets into the cluster.
import type { Admin } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { kafkaFor } from '../../local-kafka/client.ts';
import type { KafkaCluster } from '../../local-kafka/harness.ts';
import { KafkaInternals, type RequestEvent } from '../../server/kafka/protocol/index.ts';

export interface RecordingInternals {
  internals: KafkaInternals;
  requests: RequestEvent[];
  /** Requests of one API recorded since `since` (an index into `requests`). */
  requestsOf(apiKey: number, since?: number): RequestEvent[];
}

export function recordingInternals(cluster: Pick<KafkaCluster, 'bootstrap'>): RecordingInternals {
  const internals = new KafkaInternals(kafkaFor(cluster, 'kestrel-protocol-test'));
  const requests: RequestEvent[] = [];
  internals.onRequest((event) => requests.push(event));
  return {
    internals,
    requests,
    requestsOf: (apiKey, since = 0) => requests.slice(since).filter((r) => r.apiKey === apiKey),
  };
}

/** Produces `count` records of `payloadBytes` each, acks=all, in batches kafkajs can send. */
export async function produceBytes(
  cluster: Pick<KafkaCluster, 'bootstrap'>,
  topic: string,
  count: number,
  payloadBytes: number,
): Promise<void> {
  const producer = kafkaFor(cluster).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    // Random bytes: kafkajs does not compress by default, but incompressible data keeps the
    // on-disk size honest should that ever change.
    const payload = () =>
      Buffer.from(Array.from({ length: payloadBytes }, () => Math.floor(Math.random() * 256)));
    for (let sent = 0; sent < count; sent += 100) {
      const batch = Math.min(100, count - sent);
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: batch }, () => ({ value: payload() })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** The offsets committed for group `g-<i>`: partition p of the topic at i + p. */
export function expectedOffset(groupIndex: number, partition: number): number {
  return groupIndex + partition;
}

/**
 * Commits offsets for groups g-0 … g-(n-1) on `partitions` partitions of `topic`, through kafkajs.
 * Its setOffsets runs a whole consumer per group and waits out one empty fetch (~5 s), so the
 * groups go in parallel.
 */
export async function commitGroups(
  admin: Admin,
  topic: string,
  groups: number,
  partitions: number,
): Promise<string[]> {
  const ids = Array.from({ length: groups }, (_, i) => `g-${i}`);
  await Promise.all(
    ids.map((groupId, i) =>
      admin.setOffsets({
        groupId,
        topic,
        partitions: Array.from({ length: partitions }, (_, p) => ({
          partition: p,
          offset: String(expectedOffset(i, p)),
        })),
      }),
    ),
  );
  return ids;
}
