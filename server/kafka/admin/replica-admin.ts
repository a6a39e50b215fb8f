// The admin's own Kafka connection for leader elections and reassignments (never the
// collector's): these requests change the cluster, so they run only on an explicit admin action
// or for the reassignment watcher that finishes what such an action started.
import { Kafka } from 'kafkajs';
import type { ClusterConfig } from '../../config/index.ts';
import type { Logger } from '../../shared/logger.ts';
import { AdminRefusal, type RefusalKind } from '../admin.ts';
import { kafkaOptions } from '../options.ts';
import {
  alterPartitionReassignmentsOn,
  alterThrottleConfigsOn,
  type BrokerConnection,
  describeCluster,
  type ElectionType,
  electLeadersOn,
  KafkaInternals,
  KafkaProtocolError,
  listPartitionReassignmentsOn,
  type OngoingReassignment,
  type PartitionElection,
  type PartitionReassignmentResult,
  UnsupportedApiError,
} from '../protocol/index.ts';
import { BROKER_THROTTLE_KEYS, type Throttle, TOPIC_THROTTLE_KEYS } from './throttle.ts';

const KINDS: Record<string, RefusalKind> = {
  UNKNOWN_TOPIC_OR_PARTITION: 'unknown',
  CLUSTER_AUTHORIZATION_FAILED: 'forbidden',
  TOPIC_AUTHORIZATION_FAILED: 'forbidden',
};

export class ReplicaAdmin {
  private readonly internals: KafkaInternals;
  private readonly timeoutMs: number;

  constructor(config: ClusterConfig, logger: Logger) {
    this.internals = new KafkaInternals(new Kafka(kafkaOptions(config, logger)));
    // The brokers wait this long for the controller; our socket waits on them.
    this.timeoutMs = config.requestTimeout;
  }

  /** partitions null: every partition of the cluster. */
  elect(
    type: ElectionType,
    partitions: { topic: string; partitions: number[] }[] | null,
  ): Promise<PartitionElection[]> {
    return this.onController((broker) =>
      electLeadersOn(broker, { type, partitions, timeoutMs: this.timeoutMs }),
    );
  }

  /** replicas null cancels the partition's reassignment. */
  reassign(
    topic: string,
    partitions: { partition: number; replicas: readonly number[] | null }[],
  ): Promise<PartitionReassignmentResult[]> {
    return this.onController((broker) =>
      alterPartitionReassignmentsOn(broker, {
        timeoutMs: this.timeoutMs,
        topics: [{ name: topic, partitions }],
      }),
    );
  }

  /** The reassignments in progress, of the given topics (all of them with null). */
  ongoing(topics: string[] | null): Promise<OngoingReassignment[]> {
    return this.onController(async (broker) => {
      const all = await listPartitionReassignmentsOn(broker, this.timeoutMs);
      // Asking for a whole topic needs its partition list; filtering the full answer does not.
      return topics === null ? all : all.filter((r) => topics.includes(r.topic));
    });
  }

  /** Sets the rate on each broker (on that broker itself) and the throttled replicas on the topic. */
  async setThrottle(throttle: Throttle): Promise<void> {
    await this.call(async () => {
      for (const id of throttle.brokers) {
        const broker = await this.internals.broker(id);
        await alterThrottleConfigsOn(broker, [
          {
            type: 'broker',
            name: String(id),
            changes: BROKER_THROTTLE_KEYS.map((name) => ({ name, value: String(throttle.rate) })),
          },
        ]);
      }
      await this.internals.withAnyBroker((broker) =>
        alterThrottleConfigsOn(broker, [
          {
            type: 'topic',
            name: throttle.topic,
            changes: [
              { name: TOPIC_THROTTLE_KEYS[0], value: throttle.leaderReplicas },
              { name: TOPIC_THROTTLE_KEYS[1], value: throttle.followerReplicas },
            ],
          },
        ]),
      );
    });
  }

  /** Deletes the topic's throttled replicas and the rates of `brokers` (those no other throttle needs). */
  async clearThrottle(topic: string, brokers: readonly number[]): Promise<void> {
    await this.call(async () => {
      await this.internals.withAnyBroker((broker) =>
        alterThrottleConfigsOn(broker, [
          { type: 'topic', name: topic, changes: TOPIC_THROTTLE_KEYS.map((name) => ({ name, value: null })) },
        ]),
      );
      for (const id of brokers) {
        const broker = await this.internals.broker(id);
        await alterThrottleConfigsOn(broker, [
          {
            type: 'broker',
            name: String(id),
            changes: BROKER_THROTTLE_KEYS.map((name) => ({ name, value: null })),
          },
        ]);
      }
    });
  }

  async close(): Promise<void> {
    await this.internals.disconnect().catch(() => undefined);
  }

  /**
   * The controller in ZooKeeper mode, where these requests must go; in KRaft mode any broker
   * forwards them to the active controller, and DescribeCluster names one.
   */
  private onController<T>(work: (broker: BrokerConnection) => Promise<T>): Promise<T> {
    return this.call(async () => {
      const { controllerId } = await describeCluster(this.internals);
      return controllerId === null
        ? this.internals.withAnyBroker(work)
        : work(await this.internals.broker(controllerId));
    });
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw asRefusal(error);
    }
  }
}

/** Kafka's refusals as AdminRefusal (a 4xx for the caller); anything else means Kafka did not answer. */
export function asRefusal(error: unknown): AdminRefusal {
  if (error instanceof AdminRefusal) return error;
  if (error instanceof KafkaProtocolError) {
    const name = error.kafkaError.name;
    return new AdminRefusal(KINDS[name] ?? 'invalid', name, error.message);
  }
  if (error instanceof UnsupportedApiError)
    return new AdminRefusal('invalid', 'UNSUPPORTED_VERSION', error.message);
  return new AdminRefusal('unavailable', null, error instanceof Error ? error.message : String(error));
}
