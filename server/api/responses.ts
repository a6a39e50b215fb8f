// Response schemas: they document the API (OpenAPI) and are the serializer, so a field that
// is not listed here never leaves the process.
import { z } from 'zod';
import { GROUP_LAG_STATUSES, GROUP_STATES, GROUP_TYPES, PARTITION_LAG_STATUSES } from '../model/index.ts';

const int = z.number().int();
const num = z.number();
const maybe = <T extends z.ZodType>(schema: T) => schema.nullable();
// Readonly: the snapshot and the engine hand out readonly arrays, and the serializer only reads.
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const ids = list(int);

export const ErrorBody = z
  .object({
    error: z.string().meta({ description: 'Stable, machine-readable code, e.g. `not_found`.' }),
    message: z.string().meta({ description: 'What went wrong, naming the bad parameter or field.' }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;

const groupState = z.enum(GROUP_STATES);
const groupType = z.enum(GROUP_TYPES);
const groupStatus = z.enum(GROUP_LAG_STATUSES);
const catchUp = z.enum(['caught-up', 'catching-up', 'not-catching-up', 'unknown']).meta({
  description: 'Whether the group catches up at current rates; `not-catching-up`: never at these rates.',
});
const partitionStatus = z.enum(PARTITION_LAG_STATUSES);

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: list(item), total: int, page: int, pageSize: int });

export const Items = <T extends z.ZodType>(item: T) => z.object({ items: list(item) });

export type Page<T> = z.output<ReturnType<typeof Page<z.ZodType<T>>>>;
export type Items<T> = z.output<ReturnType<typeof Items<z.ZodType<T>>>>;

export const ClusterSummary = z
  .object({
    name: z.string(),
    reachable: z.boolean(),
    ready: z.boolean(),
    clusterId: maybe(z.string()),
    controller: maybe(
      z.object({ mode: z.enum(['kraft', 'zookeeper', 'unknown']), id: maybe(int), epoch: maybe(int) }),
    ),
    brokers: maybe(z.object({ up: int, down: int })),
    topics: maybe(int).meta({ description: 'Every topic, internal ones included.' }),
    internalTopics: maybe(int).meta({
      description: 'Internal topics (`__consumer_offsets`...) among `topics`.',
    }),
    partitions: maybe(int),
    internalPartitions: maybe(int),
    underReplicatedPartitions: maybe(int),
    underMinIsrPartitions: maybe(int),
    offlinePartitions: maybe(int),
    groups: maybe(z.object({ total: int, byStatus: z.object({ OK: int, WARN: int, ERR: int }) })),
    totalLag: maybe(num),
    messageRate: maybe(
      z.object({
        perSecond: maybe(num),
        source: maybe(z.enum(['jmx', 'offsets'])),
      }),
    ).meta({
      description:
        'Messages in per second: the brokers’ JMX when every broker has it, else from end offsets between polls (internal topics left out).',
    }),
    collectedAt: maybe(int),
    lastSuccessAt: maybe(int),
    lastError: maybe(z.string()),
    consecutiveFailures: int,
  })
  .meta({ id: 'ClusterSummary' });
/** The wire shape, inferred from the schema above: one definition. */
export type ClusterSummary = z.output<typeof ClusterSummary>;

const BrokerJmx = z.object({
  bytesInPerSec: maybe(num),
  bytesOutPerSec: maybe(num),
  messagesInPerSec: maybe(num),
  requestHandlerIdleRatio: maybe(num),
  activeControllerCount: maybe(num),
  isrShrinksPerSec: maybe(num),
  isrExpandsPerSec: maybe(num),
  underReplicatedPartitions: maybe(num),
});

export const Broker = z
  .object({
    id: int,
    host: z.string(),
    port: int,
    rack: maybe(z.string()),
    up: z.boolean(),
    isController: z.boolean(),
    partitions: int,
    leaders: int,
    underReplicated: int,
    logDirBytes: maybe(num),
    jmx: maybe(BrokerJmx),
  })
  .meta({ id: 'Broker' });

const QuorumReplica = z.object({
  id: int,
  logEndOffset: maybe(num),
  lag: maybe(num),
  lastFetchTimestamp: maybe(num),
  lastCaughtUpTimestamp: maybe(num),
});

export const Controller = z
  .object({
    mode: z.enum(['kraft', 'zookeeper', 'unknown']),
    id: maybe(int),
    epoch: maybe(int),
    highWatermark: maybe(num),
    voters: list(QuorumReplica),
    observers: list(QuorumReplica),
  })
  .meta({ id: 'Controller' });

export const TopicRow = z
  .object({
    name: z.string(),
    internal: z.boolean(),
    partitions: int,
    replicationFactor: int,
    sizeBytes: maybe(num),
    messageCount: maybe(num),
    produceRate: maybe(num),
    underReplicated: int,
    underMinIsr: int,
    offline: int,
    lag: maybe(num).meta({ description: 'Summed over the consuming groups.' }),
    maxGroupLag: maybe(num).meta({ description: 'The largest lag of any one consuming group.' }),
    consumerGroups: int,
  })
  .meta({ id: 'TopicRow' });
/** The wire shape, inferred from the schema above: one definition. */
export type TopicRow = z.output<typeof TopicRow>;

const Partition = z.object({
  topic: z.string(),
  partition: int,
  leader: int,
  replicas: ids,
  isr: ids,
  offlineReplicas: ids,
  eligibleLeaderReplicas: maybe(ids),
  lastKnownElr: maybe(ids),
  cleanLeaderPossible: maybe(z.boolean()),
  preferredLeader: maybe(int),
  leaderIsPreferred: z.boolean(),
  underReplicated: z.boolean(),
  underMinIsr: z.boolean(),
  offline: z.boolean(),
  startOffset: maybe(num),
  endOffset: maybe(num),
  sizeBytes: maybe(num),
});

export const TopicConsumer = z.object({
  group: z.string(),
  state: groupState,
  status: groupStatus,
  lag: maybe(num),
  timeLagSeconds: maybe(num),
  partitions: int,
});
/** The wire shape, inferred from the schema above: one definition. */
export type TopicConsumer = z.output<typeof TopicConsumer>;

export const TopicDetail = z
  .object({
    name: z.string(),
    internal: z.boolean(),
    partitionCount: int,
    replicationFactor: int,
    configs: z.object({
      retentionMs: maybe(num),
      retentionBytes: maybe(num),
      cleanupPolicy: maybe(z.string()),
      minInsyncReplicas: maybe(int),
    }),
    sizeBytes: maybe(num),
    messageCount: maybe(num),
    produceRate: maybe(num),
    underReplicated: int,
    underMinIsr: int,
    offline: int,
    elrPartitions: int,
    partitions: list(Partition),
    consumers: list(TopicConsumer),
  })
  .meta({ id: 'TopicDetail' });
export type TopicDetail = z.output<typeof TopicDetail>;

export const GroupRow = z
  .object({
    id: z.string(),
    type: groupType,
    state: groupState,
    status: groupStatus,
    members: int,
    topics: int,
    lag: maybe(num),
    timeLagSeconds: maybe(num),
    consumeRate: maybe(num),
    timeToCatchUpSeconds: maybe(num),
    catchUp,
  })
  .meta({ id: 'GroupRow' });
/** The wire shape, inferred from the schema above: one definition. */
export type GroupRow = z.output<typeof GroupRow>;

const assigned = z.object({ topic: z.string(), partitions: ids });
const tasks = z.object({ subtopology: z.string(), partitions: ids });

export const GroupDetail = z
  .object({
    id: z.string(),
    type: groupType,
    state: groupState,
    protocolType: z.string(),
    protocol: z.string(),
    groupEpoch: maybe(int),
    assignmentEpoch: maybe(int),
    coordinator: maybe(int),
    members: list(
      z.object({
        memberId: z.string(),
        clientId: z.string(),
        host: z.string(),
        assignment: list(assigned),
        instanceId: maybe(z.string()),
        rack: maybe(z.string()),
        memberEpoch: maybe(int),
        subscribedTopics: list(z.string()),
        subscribedTopicRegex: maybe(z.string()),
        targetAssignment: maybe(list(assigned)),
        memberType: maybe(z.enum(['classic', 'consumer'])),
        tasks: maybe(z.object({ active: list(tasks), standby: list(tasks), warmup: list(tasks) })),
      }),
    ),
    partitions: list(
      z.object({
        topic: z.string(),
        partition: int,
        committedOffset: maybe(num),
        endOffset: maybe(num),
        lag: maybe(num),
        timeLagSeconds: maybe(num),
        timeLagSource: z.enum(['caught-up', 'history', 'record', 'lower-bound', 'unknown']),
        status: partitionStatus,
        owner: maybe(z.string()),
      }),
    ),
    topics: list(
      z.object({
        topic: z.string(),
        lag: maybe(num),
        timeLagSeconds: maybe(num),
        committedSum: num,
        partitions: int,
      }),
    ),
    lag: maybe(num),
    timeLagSeconds: maybe(num),
    consumeRate: maybe(num),
    timeToCatchUpSeconds: maybe(num),
    catchUp,
    status: groupStatus,
  })
  .meta({ id: 'GroupDetail' });
export type GroupDetail = z.output<typeof GroupDetail>;

const IsrEvent = z.object({
  at: int,
  topic: z.string(),
  partition: int,
  kind: z.enum(['shrink', 'expand']),
  brokers: ids,
  isrBefore: ids,
  isrAfter: ids,
});

const range = { from: int, to: int };

export const LagHistory = z.object({
  ...range,
  topic: maybe(z.string()),
  points: list(
    z.object({
      at: int,
      lag: maybe(num),
      maxLag: maybe(num),
      maxTimeLagSeconds: maybe(num),
      committed: maybe(num),
    }),
  ),
});
export type LagHistory = z.output<typeof LagHistory>;

export const TopicHistory = z.object({
  ...range,
  points: list(
    z.object({
      at: int,
      sizeBytes: maybe(num),
      messageCount: maybe(num),
      endOffsetSum: maybe(num),
      produceRate: maybe(num),
      maxProduceRate: maybe(num),
    }),
  ),
});
export type TopicHistory = z.output<typeof TopicHistory>;

export const BrokerHistory = z.object({
  ...range,
  points: list(
    z.object({
      at: int,
      up: maybe(num),
      partitions: maybe(num),
      leaders: maybe(num),
      maxUnderReplicated: maybe(num),
      logDirBytes: maybe(num),
      bytesInPerSec: maybe(num),
      bytesOutPerSec: maybe(num),
      messagesInPerSec: maybe(num),
    }),
  ),
});

export const IsrEvents = z.object({ ...range, items: list(IsrEvent) });

export const AuditEntry = z
  .object({
    id: int,
    time: int,
    clientAddress: z.string(),
    userAgent: maybe(z.string()),
    action: z.string(),
    target: z.string(),
    result: z.enum(['ok', 'denied', 'failed']),
    status: int,
    message: maybe(z.string()),
    changeBefore: maybe(z.string()).meta({ description: 'What the action changed, before it (JSON).' }),
    changeAfter: maybe(z.string()).meta({ description: 'What the action changed, after it (JSON).' }),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.output<typeof AuditEntry>;

export const AuthInfo = z.object({
  adminEnabled: z.boolean().meta({ description: 'An admin token is configured: admin actions can be used.' }),
  viewerAuth: z.boolean().meta({ description: 'Reads need HTTP Basic credentials.' }),
});
export type AuthInfo = z.output<typeof AuthInfo>;

export const TopicCreated = z.object({ name: z.string() });
export const TopicDeleted = z.object({ deleted: z.string() });
export const PartitionsAdded = z.object({ name: z.string(), partitions: int });

// Alerts: the engine's own schemas (alerts/wire.ts).
export {
  AlertHistoryEntry,
  AlertsStatus,
  AlertView,
  DeliveryResult,
  NotificationLogEntry,
  ReceiverView,
  RuleView,
  SilenceView,
} from '../../alerts/wire.ts';

import { DeliveryResult } from '../../alerts/wire.ts';

export const TestSendResults = z.object({ results: list(DeliveryResult) });

/** The effective configuration with secrets as `<redacted>`; its shape is the config schema's. */
export const RedactedConfig = z.record(z.string(), z.unknown());
