// Request and response schemas of the leader-election and reassignment admin actions. Kept
// apart from schemas.ts / responses.ts: one feature, one file.
import { z } from 'zod';
import { topicName } from './schemas.ts';

const int = z.number().int();
const ids = z.array(int).readonly();
const brokerId = z.number().int().min(0);
const confirm = z.string().min(1).max(64).meta({
  description: 'The `confirm` token of the preview being executed; a changed plan is refused (409).',
});

// ---- leader election ----

export const ElectionTarget = z.strictObject({
  type: z.enum(['preferred', 'unclean']).default('preferred'),
  topic: topicName
    .optional()
    .meta({ description: 'Absent: every partition of the cluster (preferred only).' }),
  partitions: z
    .array(z.number().int().min(0))
    .min(1)
    .max(100_000)
    .optional()
    .meta({ description: "Some of the topic's partitions; exactly one for an unclean election." }),
});
export type ElectionTarget = z.infer<typeof ElectionTarget>;

export const ElectionBody = ElectionTarget.extend({
  confirm,
  confirmDataLoss: z.string().max(300).optional().meta({
    description: 'Unclean elections only: the partition as "<topic>-<partition>", accepting the data loss.',
  }),
});

const PreferredMove = z.object({ topic: z.string(), partition: int, leader: int.nullable(), preferred: int });

export const ElectionPreview = z
  .object({
    type: z.enum(['preferred', 'unclean']),
    scope: z.enum(['cluster', 'topic', 'partitions']),
    snapshotAt: int,
    considered: int,
    toElect: z.array(PreferredMove).readonly().meta({ description: 'Partitions the election would move.' }),
    blocked: z
      .array(PreferredMove)
      .readonly()
      .meta({ description: 'Off their preferred leader, whose preferred replica is out of the ISR.' }),
    unclean: z
      .object({
        possible: z.boolean(),
        reason: z.string().nullable(),
        candidate: int.nullable(),
        lastIsr: ids,
        lastKnownEndOffset: int.nullable(),
        confirmText: z.string().nullable(),
        dataLoss: z.string().nullable(),
      })
      .nullable(),
    confirm: z.string(),
  })
  .meta({ id: 'ElectionPreview' });
export type ElectionPreview = z.infer<typeof ElectionPreview>;

export const ElectionResult = z
  .object({
    results: z
      .array(
        z.object({
          topic: z.string(),
          partition: int,
          outcome: z.enum(['elected', 'not_needed', 'failed']),
          error: z.string().nullable(),
          message: z.string().nullable(),
        }),
      )
      .readonly(),
  })
  .meta({ id: 'ElectionResult' });

// ---- reassignment ----

const brokersParam = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'expected broker ids separated by commas')
  .transform((s) => s.split(',').map(Number));

export const ReassignmentPlanQuery = z.strictObject({
  brokers: brokersParam
    .optional()
    .meta({ description: 'Broker ids, e.g. `1,2,3`; default: every live broker.' }),
  replicationFactor: z.coerce.number().int().min(1).max(32).optional(),
});

export const ReassignmentBody = z.strictObject({
  brokers: z.array(brokerId).min(1).max(10_000).optional(),
  replicationFactor: z.number().int().min(1).max(32).optional(),
  throttleBytesPerSec: z
    .number()
    .int()
    .min(1024)
    .max(10_000_000_000)
    .optional()
    .meta({ description: 'Replication throttle per broker while the replicas copy; removed when done.' }),
  confirm,
});

export const CancelReassignmentBody = z.strictObject({
  confirm: z.string().max(249).meta({ description: 'The topic name again, to confirm the cancellation.' }),
});

const PlannedPartition = z.object({
  partition: int,
  current: ids,
  proposed: ids,
  adding: ids,
  removing: ids,
  leaderKept: z.boolean(),
});

export const ReassignmentPlan = z
  .object({
    topic: z.string(),
    snapshotAt: int,
    brokers: ids,
    replicationFactor: int,
    currentReplicationFactor: int,
    rackAware: z.boolean(),
    replicasMoved: int,
    partitions: z.array(PlannedPartition).readonly(),
    /** Bytes the added replicas copy (leader sizes), null when unknown. */
    bytesToCopy: int.nullable(),
    confirm: z.string(),
  })
  .meta({ id: 'ReassignmentPlan' });
export type ReassignmentPlan = z.infer<typeof ReassignmentPlan>;

const Throttle = z.object({
  topic: z.string(),
  rate: int,
  brokers: ids,
  leaderReplicas: z.string(),
  followerReplicas: z.string(),
});

export const ReassignmentStarted = z
  .object({
    topic: z.string(),
    partitions: z
      .array(z.object({ partition: int, error: z.string().nullable(), message: z.string().nullable() }))
      .readonly(),
    throttle: Throttle.nullable(),
  })
  .meta({ id: 'ReassignmentStarted' });

export const ReassignmentProgress = z
  .object({
    topic: z.string(),
    state: z.enum(['in_progress', 'done', 'none']),
    startedAt: int.nullable(),
    finishedAt: int.nullable(),
    throttle: Throttle.nullable(),
    throttleRemoved: z.boolean(),
    checkedAt: int.nullable(),
    lastError: z.string().nullable(),
    partitions: z
      .array(
        z.object({
          partition: int,
          replicas: ids,
          adding: ids,
          removing: ids,
          isr: ids.meta({ description: 'From the latest snapshot.' }),
        }),
      )
      .readonly(),
  })
  .meta({ id: 'ReassignmentProgress' });

export type ReassignmentProgress = z.infer<typeof ReassignmentProgress>;
export type ReassignmentStarted = z.infer<typeof ReassignmentStarted>;
export type ElectionResult = z.infer<typeof ElectionResult>;

export const ReassignmentCancelled = z
  .object({ topic: z.string(), cancelled: ids, notInProgress: ids })
  .meta({ id: 'ReassignmentCancelled' });
export type ReassignmentCancelled = z.infer<typeof ReassignmentCancelled>;
