// Reassignment: Kestrel proposes a plan from the latest snapshot (GET .../reassignment/plan),
// the operator confirms it with its token, Kestrel sets the optional throttle and starts the
// move, the watcher reports progress and removes the throttle at the end; DELETE cancels.
import type { ClusterSnapshot, TopicSnapshot } from '../collector/index.ts';
import { previewToken } from '../kafka/admin/election-plan.ts';
import { changedPartitions, planReassignment } from '../kafka/admin/reassignment-plan.ts';
import { throttleFor } from '../kafka/admin/throttle.ts';
import { NO_REASSIGNMENT_IN_PROGRESS } from '../kafka/protocol/index.ts';
import { noteChange } from './admin-hooks.ts';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { readySnapshot } from './lookup.ts';
import { kafkaCall, replicasFor } from './replica-access.ts';
import {
  CancelReassignmentBody,
  ReassignmentBody,
  ReassignmentCancelled,
  ReassignmentPlan,
  ReassignmentPlanQuery,
  ReassignmentProgress,
  ReassignmentStarted,
} from './replica-schemas.ts';
import { AdminTopicParams } from './schemas.ts';
import type { ApiSource } from './source.ts';
import { findTopic } from './views.ts';

const security = [{ adminToken: [] }];
const adminErrors = errors(400, 401, 403, 404, 409, 413, 415, 429, 503);

export function reassignmentRoutes(api: Api, source: ApiSource): void {
  api.get(
    '/clusters/:cluster/topics/:topic/reassignment/plan',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Propose a reassignment: the topic's replicas spread over the chosen brokers (changes nothing)",
        params: AdminTopicParams,
        querystring: ReassignmentPlanQuery,
        response: { 200: ReassignmentPlan, ...errors(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const snapshot = readySnapshot(source, request.params.cluster);
      return propose(snapshot, topicOf(snapshot, request.params.topic), request.query);
    },
  );

  api.post(
    '/clusters/:cluster/topics/:topic/reassignment',
    {
      config: { adminAction: 'topic.reassign' },
      schema: {
        tags: ['admin'],
        summary: "Start the proposed reassignment (with an optional throttle); `confirm` is the plan's token",
        security,
        params: AdminTopicParams,
        body: ReassignmentBody,
        response: { 202: ReassignmentStarted, ...adminErrors },
      },
    },
    async (request, reply) => {
      const { cluster, topic } = request.params;
      const { confirm, throttleBytesPerSec, ...choice } = request.body;
      const replicas = replicasFor(source, cluster);
      const snapshot = readySnapshot(source, cluster);
      const plan = propose(snapshot, topicOf(snapshot, topic), choice);
      if (confirm !== plan.confirm)
        throw new ApiError(
          409,
          'preview_changed',
          'the plan differs from the one confirmed (the topic changed): plan it again',
        );
      if (replicas.watch.status(topic).state === 'in_progress')
        throw new ApiError(
          409,
          'reassignment_in_progress',
          `a reassignment of ${topic} is still in progress: wait or cancel it`,
        );
      const moving = changedPartitions(plan.partitions);
      if (moving.length === 0)
        throw new ApiError(409, 'nothing_to_change', `${topic} already has this assignment: nothing to move`);
      const throttle =
        throttleBytesPerSec === undefined ? null : throttleFor(topic, moving, throttleBytesPerSec);
      // Throttle first, so the copy never starts at full speed.
      if (throttle) await kafkaCall(() => replicas.admin.setThrottle(throttle));
      let results: Awaited<ReturnType<typeof replicas.admin.reassign>>;
      try {
        results = await kafkaCall(() =>
          replicas.admin.reassign(
            topic,
            moving.map((p) => ({ partition: p.partition, replicas: p.proposed })),
          ),
        );
      } catch (error) {
        if (throttle) await replicas.admin.clearThrottle(topic, throttle.brokers).catch(() => undefined);
        throw error;
      }
      const accepted = results.filter((r) => r.error === null);
      if (accepted.length === 0) {
        if (throttle) await replicas.admin.clearThrottle(topic, throttle.brokers).catch(() => undefined);
        throw new ApiError(
          400,
          'kafka_refused',
          `Kafka refused the reassignment: ${results.map((r) => `${r.topic}-${r.partition} ${r.error}${r.message ? ` (${r.message})` : ''}`).join('; ')}`,
        );
      }
      replicas.watch.track({ topic, startedAt: (source.now ?? Date.now)(), throttle });
      noteChange(
        request,
        moving.map((p) => ({ partition: p.partition, replicas: p.current })),
        { partitions: moving.map((p) => ({ partition: p.partition, replicas: p.proposed })), throttle },
      );
      return reply.code(202).send({
        topic,
        partitions: results.map((r) => ({ partition: r.partition, error: r.error, message: r.message })),
        throttle,
      });
    },
  );

  api.get(
    '/clusters/:cluster/topics/:topic/reassignment',
    {
      schema: {
        tags: ['admin'],
        summary:
          "Progress of the topic's reassignment, as Kestrel's watcher last saw it, with the ISR of the latest snapshot",
        params: AdminTopicParams,
        response: { 200: ReassignmentProgress, ...errors(400, 401, 404, 429, 503) },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      const status = replicasFor(source, cluster).watch.status(topic);
      const isr = new Map(
        (findTopic(readySnapshot(source, cluster), topic)?.partitions ?? []).map((p) => [p.partition, p.isr]),
      );
      const { ongoing, ...rest } = status;
      return {
        topic,
        ...rest,
        partitions: ongoing.map((o) => ({
          partition: o.partition,
          replicas: o.replicas,
          adding: o.adding,
          removing: o.removing,
          isr: isr.get(o.partition) ?? [],
        })),
      };
    },
  );

  api.delete(
    '/clusters/:cluster/topics/:topic/reassignment',
    {
      config: { adminAction: 'topic.reassign-cancel' },
      schema: {
        tags: ['admin'],
        summary:
          "Cancel the topic's reassignment: the replicas go back to what they were; the body repeats the topic name",
        security,
        params: AdminTopicParams,
        body: CancelReassignmentBody,
        response: { 200: ReassignmentCancelled, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, topic } = request.params;
      const replicas = replicasFor(source, cluster);
      if (request.body.confirm !== topic)
        throw new ApiError(
          400,
          'confirmation_mismatch',
          `confirm must repeat the topic name (${topic}) exactly`,
        );
      const partitions = topicOf(readySnapshot(source, cluster), topic).partitions.map((p) => p.partition);
      const before = replicas.watch.status(topic).ongoing;
      const results = await kafkaCall(() =>
        replicas.admin.reassign(
          topic,
          partitions.map((partition) => ({ partition, replicas: null })),
        ),
      );
      const cancelled = results.filter((r) => r.error === null).map((r) => r.partition);
      const notInProgress = results
        .filter((r) => r.errorCode === NO_REASSIGNMENT_IN_PROGRESS)
        .map((r) => r.partition);
      const failed = results.filter((r) => r.error !== null && r.errorCode !== NO_REASSIGNMENT_IN_PROGRESS);
      if (failed.length > 0)
        throw new ApiError(
          400,
          'kafka_refused',
          `Kafka refused: ${failed.map((r) => `${topic}-${r.partition} ${r.error}`).join('; ')}`,
        );
      if (cancelled.length === 0)
        throw new ApiError(409, 'no_reassignment', `no reassignment of ${topic} is in progress`);
      noteChange(request, before, { cancelled });
      // The watcher sees the end now and removes the throttle.
      await replicas.watch.check();
      return { topic, cancelled, notInProgress };
    },
  );
}

function topicOf(snapshot: ClusterSnapshot, name: string): TopicSnapshot {
  const topic = findTopic(snapshot, name);
  if (!topic) throw new ApiError(404, 'not_found', `no topic ${name} in the latest snapshot`);
  return topic;
}

function propose(
  snapshot: ClusterSnapshot,
  topic: TopicSnapshot,
  choice: { brokers?: number[] | undefined; replicationFactor?: number | undefined },
) {
  const live = snapshot.brokers.filter((b) => b.up);
  const ids = choice.brokers ?? live.map((b) => b.id);
  const unknown = ids.filter((id) => !live.some((b) => b.id === id));
  if (unknown.length > 0)
    throw new ApiError(
      400,
      'unknown_broker',
      `broker(s) ${unknown.join(', ')} are not live in the latest snapshot`,
    );
  const replicationFactor = choice.replicationFactor ?? topic.replicationFactor;
  const plan = planReassignment({
    partitions: topic.partitions,
    brokers: live.filter((b) => ids.includes(b.id)).map((b) => ({ id: b.id, rack: b.rack })),
    replicationFactor,
  });
  if (!plan.ok) throw new ApiError(400, 'bad_plan', plan.reason);
  const sizes = topic.partitions.map((p) => p.sizeBytes);
  const bytesToCopy = sizes.some((s) => s === null)
    ? null
    : plan.partitions.reduce((sum, p, i) => sum + p.adding.length * (sizes[i] ?? 0), 0);
  const body = {
    topic: topic.name,
    snapshotAt: snapshot.collectedAt,
    brokers: [...ids].sort((a, b) => a - b),
    replicationFactor,
    currentReplicationFactor: topic.replicationFactor,
    rackAware: plan.rackAware,
    replicasMoved: plan.replicasMoved,
    partitions: plan.partitions,
    bytesToCopy,
  };
  // The token covers the assignment, not when the snapshot was taken.
  return { ...body, confirm: previewToken({ topic: topic.name, partitions: plan.partitions }) };
}
