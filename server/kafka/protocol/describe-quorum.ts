// DescribeQuorum (key 55, KIP-595/836/853): the KRaft metadata quorum — its leader (the active
// controller), epoch, high watermark and how far each voter and observer is behind. Any broker
// answers it by forwarding to the active controller.
import { type ApiMessage, pickVersion, send } from './call.ts';
import { MalformedResponseError, type Reader } from './codec.ts';
import { KafkaProtocolError, NONE, UNSUPPORTED_VERSION } from './errors.ts';
import type { BrokerConnection, ClusterAccess } from './kafkajs/index.ts';

const API_KEY = 55;
const API_NAME = 'DescribeQuorum';
/** v1 adds fetch/caught-up timestamps, v2 directory ids and the controllers' listeners. */
const VERSIONS = { min: 0, max: 2 };
const METADATA_TOPIC = '__cluster_metadata';
/** Kafka's Uuid.ZERO_UUID, which stands for "no directory id". */
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export interface QuorumReplica {
  replicaId: number;
  /** KIP-853 directory id (v2+), null when unknown or not reported. */
  directoryId: string | null;
  /** null when the leader does not know it (Kafka reports -1). */
  logEndOffset: number | null;
  /** Leader's log end offset minus this replica's; 0 for the leader, null when either is unknown. */
  lag: number | null;
  /** Leader wall-clock ms of this replica's last fetch (v1+); null when unknown or the leader itself. */
  lastFetchTimestamp: number | null;
  /** Leader wall-clock ms up to which this replica had caught up (v1+); null when unknown. */
  lastCaughtUpTimestamp: number | null;
}

export interface QuorumController {
  nodeId: number;
  listeners: { name: string; host: string; port: number }[];
}

export interface QuorumDescription {
  /** The active controller; null while an election is under way. */
  leaderId: number | null;
  leaderEpoch: number;
  highWatermark: number;
  voters: QuorumReplica[];
  observers: QuorumReplica[];
  /** The voters' controller listeners (v2+, empty before). */
  controllers: QuorumController[];
  /** The broker that answered, and the version it answered with. */
  brokerId: number;
  version: number;
}

export type QuorumResult =
  | { supported: true; quorum: QuorumDescription }
  | { supported: false; brokerId: number; reason: string };

/** The response as sent, before lag is derived. */
export interface QuorumResponse {
  errorCode: number;
  errorMessage: string | null;
  topics: { name: string; partitions: QuorumPartitionState[] }[];
  controllers: QuorumController[];
}

export interface QuorumPartitionState {
  partitionIndex: number;
  errorCode: number;
  errorMessage: string | null;
  leaderId: number;
  leaderEpoch: number;
  highWatermark: number;
  voters: RawReplicaState[];
  observers: RawReplicaState[];
}

interface RawReplicaState {
  replicaId: number;
  directoryId: string | null;
  logEndOffset: number;
  lastFetchTimestamp: number;
  lastCaughtUpTimestamp: number;
}

export function describeQuorumMessage(version: number): ApiMessage<QuorumResponse> {
  return {
    apiKey: API_KEY,
    apiName: API_NAME,
    version,
    flexible: true,
    write: (w) => {
      w.array([METADATA_TOPIC], (w, topic) => {
        w.string(topic);
        w.array([0], (w, partition) => w.int32(partition).taggedFields());
        w.taggedFields();
      });
    },
    read: (r) => readResponse(r, version),
  };
}

function readResponse(r: Reader, version: number): QuorumResponse {
  const errorCode = r.int16();
  const errorMessage = version >= 2 ? r.nullableString() : null;
  const topics = r.array(() =>
    r.struct(() => ({
      name: r.string(),
      partitions: r.array(() => r.struct(() => readPartition(r, version))),
    })),
  );
  const controllers =
    version >= 2
      ? r.array(() =>
          r.struct(() => ({
            nodeId: r.int32(),
            listeners: r.array(() =>
              r.struct(() => ({ name: r.string(), host: r.string(), port: r.uint16() })),
            ),
          })),
        )
      : [];
  return { errorCode, errorMessage, topics, controllers };
}

function readPartition(r: Reader, version: number): QuorumPartitionState {
  return {
    partitionIndex: r.int32(),
    errorCode: r.int16(),
    errorMessage: version >= 2 ? r.nullableString() : null,
    leaderId: r.int32(),
    leaderEpoch: r.int32(),
    highWatermark: r.int64(),
    voters: r.array(() => r.struct(() => readReplica(r, version))),
    observers: r.array(() => r.struct(() => readReplica(r, version))),
  };
}

function readReplica(r: Reader, version: number): RawReplicaState {
  return {
    replicaId: r.int32(),
    directoryId: version >= 2 ? r.uuid() : null,
    logEndOffset: r.int64(),
    lastFetchTimestamp: version >= 1 ? r.int64() : -1,
    lastCaughtUpTimestamp: version >= 1 ? r.int64() : -1,
  };
}

/** Asks one broker; "unsupported" for ZooKeeper-mode clusters and brokers without KRaft. */
export async function describeQuorumOn(broker: BrokerConnection): Promise<QuorumResult> {
  const version = pickVersion(await broker.apiVersions(), API_KEY, VERSIONS);
  if (version === null) {
    return {
      supported: false,
      brokerId: broker.nodeId,
      reason: `broker ${broker.nodeId} does not offer ${API_NAME} (a ZooKeeper-mode cluster, or Kafka before KRaft)`,
    };
  }
  const response = await send(broker, describeQuorumMessage(version));
  if (response.errorCode === UNSUPPORTED_VERSION) {
    return {
      supported: false,
      brokerId: broker.nodeId,
      reason: `broker ${broker.nodeId} answered UNSUPPORTED_VERSION`,
    };
  }
  return { supported: true, quorum: toQuorumDescription(response, broker.nodeId, version) };
}

/** Any reachable broker's answer. */
export function describeQuorum(kafka: ClusterAccess): Promise<QuorumResult> {
  return kafka.withAnyBroker(describeQuorumOn);
}

export function toQuorumDescription(
  response: QuorumResponse,
  brokerId: number,
  version: number,
): QuorumDescription {
  if (response.errorCode !== NONE)
    throw new KafkaProtocolError(API_NAME, response.errorCode, response.errorMessage);
  const partition = response.topics
    .find((t) => t.name === METADATA_TOPIC)
    ?.partitions.find((p) => p.partitionIndex === 0);
  if (partition === undefined)
    throw new MalformedResponseError(`${API_NAME}: no ${METADATA_TOPIC}-0 in the response`);
  if (partition.errorCode !== NONE)
    throw new KafkaProtocolError(API_NAME, partition.errorCode, partition.errorMessage);

  const leaderId = partition.leaderId < 0 ? null : partition.leaderId;
  const leaderEnd = partition.voters.find((v) => v.replicaId === leaderId)?.logEndOffset ?? -1;
  const toReplica = (raw: RawReplicaState): QuorumReplica => ({
    replicaId: raw.replicaId,
    directoryId: raw.directoryId === null || raw.directoryId === ZERO_UUID ? null : raw.directoryId,
    logEndOffset: unknownIfNegative(raw.logEndOffset),
    // A follower's offset can be newer than the leader's last known one for an instant; no
    // negative lag, as everywhere in Kestrel.
    lag: leaderEnd < 0 || raw.logEndOffset < 0 ? null : Math.max(0, leaderEnd - raw.logEndOffset),
    lastFetchTimestamp: unknownIfNegative(raw.lastFetchTimestamp),
    lastCaughtUpTimestamp: unknownIfNegative(raw.lastCaughtUpTimestamp),
  });
  return {
    leaderId,
    leaderEpoch: partition.leaderEpoch,
    highWatermark: partition.highWatermark,
    voters: partition.voters.map(toReplica),
    observers: partition.observers.map(toReplica),
    controllers: response.controllers,
    brokerId,
    version,
  };
}

function unknownIfNegative(value: number): number | null {
  return value < 0 ? null : value;
}
