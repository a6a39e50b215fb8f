// Request and response shapes of the group offset actions (offsets-routes.ts).
import { z } from 'zod';
import { GroupParams, topicName } from './schemas.ts';

const int = z.number().int();
const offset = int.min(0).max(Number.MAX_SAFE_INTEGER);

export const GroupTopicParams = GroupParams.extend({ topic: topicName });

const datetime = z
  .union([
    int.min(0).meta({ description: 'Epoch milliseconds.' }),
    z.iso
      .datetime({ offset: true })
      .meta({ description: 'ISO 8601 with a zone, e.g. 2026-12-01T08:00:00Z.' }),
  ])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

export const ResetStrategyBody = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('earliest') }),
    z.strictObject({ kind: z.literal('latest') }),
    z.strictObject({ kind: z.literal('datetime'), timestamp: datetime }),
    z.strictObject({ kind: z.literal('offset'), offset }),
    z.strictObject({
      kind: z.literal('shift'),
      by: int.min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    }),
  ])
  .meta({
    description:
      'Where to: the log start or end, the first offset at or after a time, an offset, or the committed ' +
      'offset shifted by N (negative: back). Every target is clamped into [log start, log end], as Kafka does.',
  });

const ResetScopeBody = z
  .array(
    z.strictObject({
      topic: topicName,
      partitions: z.array(int.min(0).max(100_000)).min(1).max(100_000).optional(),
    }),
  )
  .max(1000)
  .optional()
  .meta({
    description: 'Topics (and partitions); absent: every partition the group has committed offsets for.',
  });

export const ResetPreviewBody = z.strictObject({ strategy: ResetStrategyBody, scope: ResetScopeBody });

const PreviewedRow = z.strictObject({
  topic: topicName,
  partition: int.min(0),
  currentOffset: offset.nullable(),
  newOffset: offset,
});

export const ResetExecuteBody = z.strictObject({
  strategy: ResetStrategyBody,
  scope: ResetScopeBody,
  plan: z
    .array(PreviewedRow)
    .min(1)
    .max(100_000)
    .meta({ description: 'The rows of the preview, unchanged.' }),
  confirmation: z.string().max(128).meta({ description: "The preview's confirmation." }),
});

const GroupStatusView = z.object({
  groupId: z.string(),
  exists: z.boolean(),
  type: z.string().nullable(),
  state: z.string(),
  members: int,
});

const PlanRow = z.object({
  topic: z.string(),
  partition: int,
  currentOffset: int.nullable(),
  newOffset: int,
  logStart: int,
  logEnd: int,
  lagBefore: int.nullable(),
  lagAfter: int,
});

export const ResetPreviewView = z
  .object({
    group: GroupStatusView,
    plan: z.array(PlanRow),
    confirmation: z.string().meta({ description: 'Send back with the plan to execute it.' }),
  })
  .meta({ id: 'ResetPreview' });

export const ResetDone = z
  .object({ group: GroupStatusView, plan: z.array(PlanRow) })
  .meta({ id: 'ResetDone' });

const CommittedRow = z.object({ topic: z.string(), partition: int, offset: int });

export const DeleteOffsetsPreview = z.object({
  group: GroupStatusView,
  topic: z.string(),
  offsets: z.array(CommittedRow),
});
export const DeleteOffsetsBody = z.strictObject({
  confirm: z.string().max(249).meta({ description: 'The topic name again, to confirm.' }),
});
export const OffsetsDeleted = z.object({
  group: z.string(),
  topic: z.string(),
  deleted: z.array(CommittedRow),
});

export const DeleteGroupPreview = z.object({ group: GroupStatusView, offsets: z.array(CommittedRow) });
export const DeleteGroupBody = z.strictObject({
  confirm: z.string().max(1024).meta({ description: 'The group id again, to confirm.' }),
});
export const GroupDeleted = z.object({ deleted: z.string() });
