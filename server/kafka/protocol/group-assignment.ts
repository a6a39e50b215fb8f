// The Assignment struct that ConsumerGroupDescribe and ShareGroupDescribe share: topic-partitions
// by topic id and name.
import type { Reader } from './codec.ts';

export interface AssignedTopic {
  /** Kafka's text form of the topic id. */
  topicId: string;
  topic: string;
  partitions: number[];
}

export function readAssignment(r: Reader): AssignedTopic[] {
  return r.struct(() =>
    r.array(() =>
      r.struct(() => ({
        topicId: r.uuid(),
        topic: r.string(),
        partitions: r.array(() => r.int32()),
      })),
    ),
  );
}
