// Leader elections: a preview from the latest snapshot (what would move, what Kafka would
// refuse), then the election of exactly the previewed partitions, confirmed by the preview's
// token. An unclean election is one partition only and needs a second confirmation that names
// the partition whose data it may lose.
import type { ClusterSnapshot } from '../collector/index.ts';
import {
  type ElectionPartition,
  previewPreferredElection,
  previewToken,
  previewUncleanElection,
} from '../kafka/admin/election-plan.ts';
import { noteChange } from './admin-hooks.ts';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { readySnapshot } from './lookup.ts';
import { kafkaCall, replicasFor } from './replica-access.ts';
import { ElectionBody, ElectionPreview, ElectionResult, type ElectionTarget } from './replica-schemas.ts';
import { ClusterParams } from './schemas.ts';
import type { ApiSource } from './source.ts';
import { findTopic } from './views.ts';

const security = [{ adminToken: [] }];

export function electionRoutes(api: Api, source: ApiSource): void {
  api.post(
    '/clusters/:cluster/elections/preview',
    {
      schema: {
        tags: ['admin'],
        summary: 'Preview a leader election (reads the latest snapshot; changes nothing)',
        params: ClusterParams,
        body: ElectionBody.pick({ type: true, topic: true, partitions: true }),
        response: { 200: ElectionPreview, ...errors(400, 401, 404, 429, 503) },
      },
    },
    async (request) => preview(readySnapshot(source, request.params.cluster), request.body),
  );

  api.post(
    '/clusters/:cluster/elections',
    {
      config: { adminAction: 'leader.elect' },
      schema: {
        tags: ['admin'],
        summary: "Run the previewed leader election; `confirm` is the preview's token",
        security,
        params: ClusterParams,
        body: ElectionBody,
        response: { 200: ElectionResult, ...errors(400, 401, 403, 404, 409, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const { cluster } = request.params;
      const { confirm, confirmDataLoss, ...target } = request.body;
      const replicas = replicasFor(source, cluster);
      const plan = preview(readySnapshot(source, cluster), target);
      if (confirm !== plan.confirm)
        throw new ApiError(
          409,
          'preview_changed',
          'the election differs from the preview confirmed (leaders moved since): preview it again',
        );
      if (plan.unclean) {
        if (!plan.unclean.possible)
          throw new ApiError(409, 'unclean_not_possible', plan.unclean.reason ?? '');
        if (confirmDataLoss !== plan.unclean.confirmText)
          throw new ApiError(
            400,
            'data_loss_not_confirmed',
            `confirmDataLoss must be "${plan.unclean.confirmText}" to accept this: ${plan.unclean.dataLoss}`,
          );
      }
      const partitions = plan.unclean
        ? [{ topic: target.topic!, partitions: [target.partitions![0]!] }]
        : group(plan.toElect);
      if (partitions.length === 0) return { results: [] };
      const results = await kafkaCall(() => replicas.admin.elect(target.type, partitions));
      noteChange(
        request,
        plan.unclean
          ? { partition: plan.unclean.confirmText, leader: null, isr: plan.unclean.lastIsr }
          : plan.toElect.map((m) => ({ topic: m.topic, partition: m.partition, leader: m.leader })),
        results.map((r) => ({ topic: r.topic, partition: r.partition, outcome: r.outcome, error: r.error })),
      );
      const failed = results.filter((r) => r.outcome === 'failed');
      if (results.length > 0 && failed.length === results.length)
        throw new ApiError(
          409,
          'kafka_refused',
          `Kafka elected no leader: ${failed.map((r) => `${r.topic}-${r.partition} ${r.error}${r.message ? ` (${r.message})` : ''}`).join('; ')}`,
        );
      return { results };
    },
  );
}

function preview(snapshot: ClusterSnapshot, target: ElectionTarget): ElectionPreview {
  const scope =
    target.topic === undefined ? 'cluster' : target.partitions === undefined ? 'topic' : 'partitions';
  if (target.topic === undefined && target.partitions !== undefined)
    throw new ApiError(400, 'bad_body', 'partitions need a topic');
  const partitions = selected(snapshot, target);
  const base = {
    type: target.type,
    scope,
    snapshotAt: snapshot.collectedAt,
    considered: partitions.length,
  } as const;
  if (target.type === 'unclean') {
    if (partitions.length !== 1 || target.partitions?.length !== 1)
      throw new ApiError(
        400,
        'one_partition_only',
        'an unclean election is for one partition: give a topic and one partition',
      );
    const live = new Set(snapshot.brokers.filter((b) => b.up).map((b) => b.id));
    const u = previewUncleanElection(partitions[0]!, live);
    const unclean = u.possible
      ? { ...u, reason: null }
      : {
          possible: false,
          reason: u.reason,
          candidate: null,
          lastIsr: [],
          lastKnownEndOffset: null,
          confirmText: null,
          dataLoss: null,
        };
    const body = { ...base, toElect: [], blocked: [], unclean };
    return { ...body, confirm: previewToken(body) };
  }
  const { toElect, blocked } = previewPreferredElection(partitions);
  // The token covers what would be elected; what Kafka would refuse may change freely.
  return { ...base, toElect, blocked, unclean: null, confirm: previewToken({ type: base.type, toElect }) };
}

function selected(snapshot: ClusterSnapshot, target: ElectionTarget): ElectionPartition[] {
  if (target.topic === undefined) return snapshot.topics.flatMap((t) => t.partitions);
  const topic = findTopic(snapshot, target.topic);
  if (!topic) throw new ApiError(404, 'not_found', `no topic ${target.topic} in the latest snapshot`);
  if (target.partitions === undefined) return [...topic.partitions];
  const missing = target.partitions.filter((p) => !topic.partitions.some((q) => q.partition === p));
  if (missing.length > 0)
    throw new ApiError(404, 'not_found', `topic ${target.topic} has no partition ${missing.join(', ')}`);
  return topic.partitions.filter((p) => target.partitions!.includes(p.partition));
}

function group(
  moves: readonly { topic: string; partition: number }[],
): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const m of moves) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m.partition]);
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
