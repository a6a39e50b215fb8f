// Kafka requests kafkajs 2.2.4 lacks, sent over kafkajs' own connections.
//
//   const internals = new KafkaInternals(kafka);   // the same `new Kafka(...)` the Admin comes from
//   const quorum = await describeQuorum(internals);
//   ...
//   await internals.disconnect();
//
// Functions named `…On(broker)` ask one given broker (from `internals.broker(id)`); the others
// pick the broker(s) themselves.

export {
  alterPartitionReassignmentsOn,
  NO_REASSIGNMENT_IN_PROGRESS,
  type PartitionReassignmentResult,
} from './alter-partition-reassignments.ts';
export { MalformedResponseError } from './codec.ts';
export {
  type ConsumerGroupMember,
  consumerGroupDescribeOn,
  type DescribedConsumerGroup,
} from './consumer-group-describe.ts';
export {
  type ClusterDescription,
  type DescribedBroker,
  describeCluster,
  describeClusterOn,
} from './describe-cluster.ts';
export {
  type BrokerLogDirs,
  type ClusterLogDirs,
  describeLogDirs,
  describeLogDirsOn,
  type LogDir,
  type LogDirPartition,
} from './describe-log-dirs.ts';
export {
  describeQuorum,
  describeQuorumOn,
  type QuorumController,
  type QuorumDescription,
  type QuorumReplica,
  type QuorumResult,
} from './describe-quorum.ts';
export {
  type DescribedPartition,
  type DescribedTopic,
  describeTopicPartitionsOn,
} from './describe-topic-partitions.ts';
export {
  ELECTION_NOT_NEEDED,
  type ElectionType,
  electLeadersOn,
  type PartitionElection,
} from './elect-leaders.ts';
export { type KafkaErrorInfo, KafkaProtocolError, kafkaErrorName, UnsupportedApiError } from './errors.ts';
export {
  type Coordinator,
  type CoordinatorLookup,
  findCoordinators,
  findCoordinatorsOn,
} from './find-coordinator.ts';
export type { AssignedTopic } from './group-assignment.ts';
export {
  type AlterConfigsResource,
  type AlterConfigsResult,
  type ConfigChange,
  incrementalAlterConfigsOn,
  TOPIC_RESOURCE_TYPE,
} from './incremental-alter-configs.ts';
export type {
  ApiVersionTable,
  BrokerConnection,
  ClusterAccess,
  KafkaInternalsOptions,
  RequestEvent,
} from './kafkajs/index.ts';
export { KafkaInternals, sendKafkajsRequest } from './kafkajs/index.ts';
export { type ListedGroup, listGroupsOn } from './list-groups.ts';
export {
  EARLIEST_OFFSET,
  LATEST_OFFSET,
  type ListedOffset,
  listOffsetsOn,
  type OffsetQuery,
} from './list-offsets.ts';
export { listPartitionReassignmentsOn, type OngoingReassignment } from './list-partition-reassignments.ts';
export { type CommitResult, commitOffsetsOn, type OffsetToCommit } from './offset-commit.ts';
export { type DeletedOffset, deleteOffsetsOn } from './offset-delete.ts';
export {
  type CommittedOffset,
  fetchCommittedOffsets,
  type GroupOffsets,
  type OffsetFetchOptions,
  offsetFetchOn,
} from './offset-fetch.ts';
export {
  type DescribedShareGroup,
  type ShareGroupMember,
  shareGroupDescribeOn,
} from './share-group-describe.ts';
export {
  describeShareGroupOffsetsOn,
  type ShareGroupOffsets,
  type SharePartitionOffset,
} from './share-group-offsets.ts';
export {
  type DescribedStreamsGroup,
  type StreamsAssignment,
  type StreamsGroupMember,
  type Subtopology,
  streamsGroupDescribeOn,
} from './streams-group-describe.ts';
export {
  type ConfigChange as ThrottleConfigChange,
  type ConfigResourceChanges,
  incrementalAlterConfigsOn as alterThrottleConfigsOn,
} from './throttle-config-changes.ts';
