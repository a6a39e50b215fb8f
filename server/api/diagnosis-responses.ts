// Response schemas of the backlog doctor (server/collector/derive/diagnosis): the serializer,
// so a field that is not listed here never leaves the process.
import { z } from 'zod';
import { SEVERITIES } from '../model/index.ts';

const int = z.number().int();
const num = z.number();
const maybe = <T extends z.ZodType>(schema: T) => schema.nullable();
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const localized = z.object({ en: z.string(), zh: z.string() });

export const Finding = z
  .object({
    kind: z.enum([
      'dataLost',
      'retentionRisk',
      'noMembers',
      'churn',
      'capacity',
      'parallelism',
      'idleMembers',
      'lagSkew',
      'keySkew',
      'sizeSkew',
    ]),
    severity: z.enum(SEVERITIES),
    topic: maybe(z.string()),
    evidence: z.record(z.string(), z.union([num, z.string(), z.null()])).meta({
      description: 'The numbers behind the finding (rates in msg/s, durations in seconds, shares 0..1).',
    }),
    message: localized,
    suggestion: localized,
  })
  .meta({ id: 'Finding' });

const skew = {
  topPartition: int,
  topShare: num,
  maxOverMean: num,
  total: num,
  partitions: int,
};
const Skew = z.object(skew);

const RetentionRow = {
  topic: z.string(),
  partition: int,
  lag: num,
  secondsToDeletion: maybe(num),
  by: maybe(z.enum(['time', 'size'])),
  lostMessages: num,
};

export const GroupDiagnosis = z
  .object({
    group: z.string(),
    lag: maybe(num),
    capacity: list(
      z.object({
        topic: z.string(),
        produceRate: maybe(num),
        consumeRate: maybe(num),
        deficit: maybe(num),
        lag: maybe(num),
        catchUpSeconds: maybe(num),
        windowSeconds: num,
      }),
    ),
    parallelism: z.object({
      members: int,
      partitions: int,
      idleMembers: int,
      room: int,
      shares: list(
        z.object({
          memberId: z.string(),
          clientId: z.string(),
          partitions: int,
          lag: num,
          share: maybe(num),
        }),
      ),
    }),
    lagSkew: list(z.object({ topic: z.string(), ...skew })),
    churn: z.object({
      rebalances: int,
      windowSeconds: num,
      perHour: maybe(num),
      rebalancingShare: maybe(num),
    }),
    retention: list(z.object(RetentionRow)),
    lostMessages: num,
    findings: list(Finding),
  })
  .meta({ id: 'GroupDiagnosis' });

export const TopicDiagnosis = z
  .object({
    topic: z.string(),
    sizeSkew: maybe(Skew),
    rateSkew: maybe(Skew),
    retention: z.object({ applies: z.boolean(), retentionMs: maybe(num), retentionBytes: maybe(num) }),
    findings: list(Finding),
  })
  .meta({ id: 'TopicDiagnosis' });

export const TopicDiagnosisDetail = TopicDiagnosis.extend({
  consumers: list(z.object({ group: z.string(), ...RetentionRow })).meta({
    description: 'Groups with unconsumed messages on this topic that retention will delete (or has deleted).',
  }),
}).meta({ id: 'TopicDiagnosisDetail' });

export const LeaderBalance = z
  .object({
    brokers: list(
      z.object({
        broker: int,
        leaders: int,
        preferred: int,
        preferredNotLed: int,
        fairShare: num,
        imbalancePercent: num,
      }),
    ),
    notPreferred: int,
    ledPartitions: int,
  })
  .meta({ id: 'LeaderBalance' });

export const ClusterDiagnosisSummary = z
  .object({
    lagging: list(
      z.object({
        group: z.string(),
        state: z.string(),
        status: z.enum(['OK', 'WARN', 'ERR']),
        lag: maybe(num),
        timeLagSeconds: maybe(num),
        lostMessages: num,
        findings: int,
        first: maybe(Finding),
      }),
    ),
    topics: list(TopicDiagnosis),
    leaders: LeaderBalance,
  })
  .meta({ id: 'ClusterDiagnosis' });
