// A consumer group's offsets as an operator changes them. Every route is an admin action (token,
// audit row), previews included: they ask Kafka for the group's state and offsets right now.
// Reset: preview → plan + confirmation; execute sends both back and commits exactly that plan.
import type { PlannedReset, ResetRequest } from '../kafka/admin/index.ts';
import type { Api } from './api-instance.ts';
import { errors } from './api-instance.ts';
import { setAuditDetail } from './audit-detail.ts';
import { ApiError } from './errors.ts';
import {
  DeleteGroupBody,
  DeleteGroupPreview,
  DeleteOffsetsBody,
  DeleteOffsetsPreview,
  GroupDeleted,
  GroupTopicParams,
  OffsetsDeleted,
  ResetDone,
  ResetExecuteBody,
  ResetPreviewBody,
  ResetPreviewView,
} from './offsets-schemas.ts';
import { operatorCall } from './operator-call.ts';
import { PlanConfirmation } from './plan-confirmation.ts';
import { GroupParams } from './schemas.ts';
import type { ApiSource } from './source.ts';

const adminErrors = errors(400, 401, 403, 404, 409, 413, 415, 429, 503);
const security = [{ adminToken: [] }];
const AUDITED_ROWS = 50;

export function offsetsRoutes(api: Api, source: ApiSource): void {
  const confirmations = new PlanConfirmation();
  const subject = (cluster: string, group: string, request: ResetRequest, plan: readonly Previewed[]) => ({
    cluster,
    group,
    request,
    plan: plan.map(({ topic, partition, currentOffset, newOffset }) => ({
      topic,
      partition,
      currentOffset,
      newOffset,
    })),
  });

  api.post(
    '/clusters/:cluster/groups/:group/offsets/reset/preview',
    {
      config: { adminAction: 'group.reset-offsets.preview' },
      schema: {
        tags: ['admin'],
        summary: "Dry run of a group's offset reset: current and new offset and lag per partition",
        security,
        params: GroupParams,
        body: ResetPreviewBody,
        response: { 200: ResetPreviewView, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, group } = request.params;
      const reset: ResetRequest = request.body;
      const preview = await operatorCall(source, cluster, (op) => op.groups.previewReset(group, reset));
      setAuditDetail(request, `preview ${describeStrategy(reset)}: ${preview.plan.length} partitions`);
      return { ...preview, confirmation: confirmations.sign(subject(cluster, group, reset, preview.plan)) };
    },
  );

  api.post(
    '/clusters/:cluster/groups/:group/offsets/reset',
    {
      config: { adminAction: 'group.reset-offsets' },
      schema: {
        tags: ['admin'],
        summary: "Execute a previewed offset reset (409 if the group's offsets moved since)",
        security,
        params: GroupParams,
        body: ResetExecuteBody,
        response: { 200: ResetDone, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, group } = request.params;
      const { plan, confirmation, ...rest } = request.body;
      const reset: ResetRequest = rest;
      if (!confirmations.verify(subject(cluster, group, reset, plan), confirmation))
        throw new ApiError(
          400,
          'confirmation_mismatch',
          'the plan and confirmation must be those of a preview of this reset (preview again)',
        );
      const done = await operatorCall(source, cluster, (op) => op.groups.executeReset(group, reset, plan));
      setAuditDetail(request, `${describeStrategy(reset)}; ${describeRows(done.plan)}`);
      return done;
    },
  );

  api.post(
    '/clusters/:cluster/groups/:group/offsets/:topic/delete/preview',
    {
      config: { adminAction: 'group.delete-offsets.preview' },
      schema: {
        tags: ['admin'],
        summary: "The group's committed offsets of a topic that a deletion would remove",
        security,
        params: GroupTopicParams,
        response: { 200: DeleteOffsetsPreview, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, group, topic } = request.params;
      return operatorCall(source, cluster, async (op) => ({
        group: await op.groups.status(group),
        topic,
        offsets: await op.groups.committed(group, topic),
      }));
    },
  );

  api.delete(
    '/clusters/:cluster/groups/:group/offsets/:topic',
    {
      config: { adminAction: 'group.delete-offsets' },
      schema: {
        tags: ['admin'],
        summary: "Delete a group's committed offsets of a topic (OffsetDelete); the body repeats the topic",
        security,
        params: GroupTopicParams,
        body: DeleteOffsetsBody,
        response: { 200: OffsetsDeleted, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, group, topic } = request.params;
      if (request.body.confirm !== topic)
        throw new ApiError(
          400,
          'confirmation_mismatch',
          `confirm must repeat the topic name (${topic}) exactly`,
        );
      const deleted = await operatorCall(source, cluster, (op) => op.groups.deleteOffsets(group, topic));
      setAuditDetail(
        request,
        `deleted ${deleted.map((d) => `${d.topic}-${d.partition}@${d.offset}`).join(', ')}`,
      );
      return { group, topic, deleted };
    },
  );

  api.post(
    '/clusters/:cluster/groups/:group/delete/preview',
    {
      config: { adminAction: 'group.delete.preview' },
      schema: {
        tags: ['admin'],
        summary: "A group's state, members and committed offsets, before deleting it",
        security,
        params: GroupParams,
        response: { 200: DeleteGroupPreview, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, group } = request.params;
      return operatorCall(source, cluster, async (op) => ({
        group: await op.groups.status(group),
        offsets: await op.groups.committed(group),
      }));
    },
  );

  api.delete(
    '/clusters/:cluster/groups/:group',
    {
      config: { adminAction: 'group.delete' },
      schema: {
        tags: ['admin'],
        summary: 'Delete an empty group and its committed offsets; the body repeats the group id',
        security,
        params: GroupParams,
        body: DeleteGroupBody,
        response: { 200: GroupDeleted, ...adminErrors },
      },
    },
    async (request) => {
      const { cluster, group } = request.params;
      if (request.body.confirm !== group)
        throw new ApiError(
          400,
          'confirmation_mismatch',
          `confirm must repeat the group id (${group}) exactly`,
        );
      const offsets = await operatorCall(source, cluster, async (op) => {
        const before = await op.groups.committed(group);
        await op.groups.deleteGroup(group);
        return before;
      });
      setAuditDetail(
        request,
        `deleted group with ${offsets.length} committed offsets: ${describeOffsets(offsets)}`,
      );
      return { deleted: group };
    },
  );
}

type Previewed = Pick<PlannedReset, 'topic' | 'partition' | 'currentOffset' | 'newOffset'>;

function describeStrategy({ strategy }: ResetRequest): string {
  switch (strategy.kind) {
    case 'datetime':
      return `to datetime ${new Date(strategy.timestamp).toISOString()}`;
    case 'offset':
      return `to offset ${strategy.offset}`;
    case 'shift':
      return `shift by ${strategy.by}`;
    default:
      return `to ${strategy.kind}`;
  }
}

/** Before → after per partition, the first rows only: the audit message is bounded. */
function describeRows(plan: readonly Previewed[]): string {
  const rows = plan
    .slice(0, AUDITED_ROWS)
    .map((p) => `${p.topic}-${p.partition}: ${p.currentOffset ?? 'none'} → ${p.newOffset}`);
  const more = plan.length > AUDITED_ROWS ? ` … and ${plan.length - AUDITED_ROWS} more` : '';
  return rows.join(', ') + more;
}

function describeOffsets(offsets: readonly { topic: string; partition: number; offset: number }[]): string {
  const rows = offsets.slice(0, AUDITED_ROWS).map((o) => `${o.topic}-${o.partition}@${o.offset}`);
  return (
    rows.join(', ') + (offsets.length > AUDITED_ROWS ? ` … and ${offsets.length - AUDITED_ROWS} more` : '')
  );
}
