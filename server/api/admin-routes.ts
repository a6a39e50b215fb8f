// The admin actions: the only requests that change a cluster, and the only ones that call
// Kafka. The admin token, rate limit and audit row come from admin-hooks.ts.
import { AdminRefusal, type RefusalKind } from '../kafka/admin.ts';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { knownCluster } from './lookup.ts';
import { PartitionsAdded, TopicCreated, TopicDeleted } from './responses.ts';
import {
  AddPartitionsBody,
  AdminTopicParams,
  ClusterParams,
  CreateTopicBody,
  DeleteTopicBody,
} from './schemas.ts';
import type { ApiSource, TopicAdminPort } from './source.ts';
import { findTopic } from './views.ts';

// Kafka's internal topics and those of its usual companions (Schema Registry, Connect).
const BUILT_IN_PROTECTED = [/^__/, /^_schemas$/, /^connect-/];
const adminErrors = errors(400, 401, 403, 404, 409, 413, 415, 429, 503);
const security = [{ adminToken: [] }];

export function adminRoutes(api: Api, source: ApiSource): void {
  const protectedTopics = [
    ...BUILT_IN_PROTECTED,
    ...(source.protectedTopics ?? []).map((r) => new RegExp(r)),
  ];
  const isProtected = (cluster: string, topic: string) =>
    protectedTopics.some((r) => r.test(topic)) || findLatestTopic(source, cluster, topic)?.internal === true;

  api.post(
    '/clusters/:cluster/topics',
    {
      config: { adminAction: 'topic.create' },
      schema: {
        tags: ['admin'],
        summary: 'Create a topic',
        security,
        params: ClusterParams,
        body: CreateTopicBody,
        response: { 201: TopicCreated, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { cluster } = request.params;
      const { name, partitions, replicationFactor, configs } = request.body;
      await adminCall(source, cluster, (admin) =>
        admin.createTopic({ name, partitions, replicationFactor, configs }),
      );
      return reply.code(201).send({ name });
    },
  );

  api.delete(
    '/clusters/:cluster/topics/:topic',
    {
      config: { adminAction: 'topic.delete' },
      schema: {
        tags: ['admin'],
        summary: 'Delete a topic; the body repeats its name as confirmation',
        security,
        params: AdminTopicParams,
        body: DeleteTopicBody,
        response: { 200: TopicDeleted, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      knownCluster(source, cluster);
      if (isProtected(cluster, topic))
        throw new ApiError(
          403,
          'protected_topic',
          `topic ${topic} is internal or protected and cannot be deleted`,
        );
      if (request.body.confirm !== topic)
        throw new ApiError(
          400,
          'confirmation_mismatch',
          `confirm must repeat the topic name (${topic}) exactly`,
        );
      await adminCall(source, cluster, (admin) => admin.deleteTopic(topic));
      return { deleted: topic };
    },
  );

  api.post(
    '/clusters/:cluster/topics/:topic/partitions',
    {
      config: { adminAction: 'topic.add-partitions' },
      schema: {
        tags: ['admin'],
        summary: 'Grow a topic to a new total number of partitions',
        security,
        params: AdminTopicParams,
        body: AddPartitionsBody,
        response: { 200: PartitionsAdded, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      const { count } = request.body;
      knownCluster(source, cluster);
      // The snapshot may be a cycle old; Kafka has the last word when it does not know the topic.
      const current = findLatestTopic(source, cluster, topic)?.partitionCount;
      if (current !== undefined && count <= current)
        throw new ApiError(400, 'bad_count', `topic ${topic} has ${current} partitions; count must be more`);
      await adminCall(source, cluster, (admin) => admin.createPartitions(topic, count));
      return { name: topic, partitions: count };
    },
  );
}

function findLatestTopic(source: ApiSource, cluster: string, topic: string) {
  const snapshot = source.latest(cluster);
  return snapshot?.reachable ? findTopic(snapshot, topic) : undefined;
}

const REFUSALS: Record<RefusalKind, [number, string]> = {
  exists: [409, 'topic_exists'],
  unknown: [404, 'not_found'],
  invalid: [400, 'kafka_refused'],
  forbidden: [403, 'kafka_forbidden'],
  deletion_disabled: [403, 'deletion_disabled'],
  unavailable: [503, 'kafka_unavailable'],
};

async function adminCall(source: ApiSource, cluster: string, call: (admin: TopicAdminPort) => Promise<void>) {
  knownCluster(source, cluster);
  const admin = source.admin?.(cluster);
  if (!admin) throw new ApiError(503, 'admin_unavailable', 'admin actions are not available');
  try {
    await call(admin);
  } catch (error) {
    if (!(error instanceof AdminRefusal)) throw error;
    const [status, code] = REFUSALS[error.kind];
    const prefix = error.kafkaError ? `Kafka refused (${error.kafkaError}): ` : 'Kafka did not answer: ';
    throw new ApiError(status, code, prefix + error.message);
  }
}
