import type {
  CapacityFigure,
  ChurnFigure,
  Finding,
  FindingKind,
  LagSkew,
  ParallelismFigure,
  PartitionRetention,
  SkewMeasure,
} from './types.ts';
import { count, durationEn, durationZh, percent, rate } from './wording.ts';

/** Most urgent first: lost data, then data about to be lost, then why the backlog grows. */
const KIND_ORDER: readonly FindingKind[] = [
  'dataLost',
  'retentionRisk',
  'noMembers',
  'churn',
  'capacity',
  'parallelism',
  'lagSkew',
  'idleMembers',
  'keySkew',
  'sizeSkew',
];
const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

export function orderFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.topic ?? '').localeCompare(b.topic ?? ''),
  );
}

export function dataLost(topic: string, rows: readonly PartitionRetention[]): Finding {
  const lost = rows.reduce((n, r) => n + r.lostMessages, 0);
  const parts = rows.filter((r) => r.lostMessages > 0).map((r) => r.partition);
  return {
    kind: 'dataLost',
    severity: 'critical',
    topic,
    evidence: { lostMessages: lost, partitions: parts.join(', ') },
    message: {
      en: `${count(lost)} messages of ${topic} (partitions ${parts.join(', ')}) were deleted by retention before this group read them.`,
      zh: `主题 ${topic}（分区 ${parts.join(', ')}）有 ${count(lost)} 条消息在本消费组读取之前已被保留策略删除（消息过期失效）。`,
    },
    suggestion: {
      en: 'They are gone; the group resumes at the log start offset. To stop it happening again, consume faster or raise retention.ms / retention.bytes of the topic.',
      zh: '这些消息已无法找回，消费组将从日志起始位点继续。为避免再次发生，请提高消费速度，或调大该主题的 retention.ms / retention.bytes。',
    },
  };
}

export function retentionRisk(row: PartitionRetention, retentionMs: number | null): Finding {
  const seconds = row.secondsToDeletion ?? 0;
  const by = row.by === 'size' ? 'retention.bytes' : 'retention.ms';
  return {
    kind: 'retentionRisk',
    severity: seconds === 0 ? 'critical' : 'warning',
    topic: row.topic,
    evidence: {
      partition: row.partition,
      secondsToDeletion: seconds,
      by,
      lag: row.lag,
      retentionMs,
    },
    message: {
      en: `The oldest unconsumed message of ${row.topic}-${row.partition} ${seconds === 0 ? 'is already due for deletion' : `may be deleted in ${durationEn(seconds)}`} (${by}), ${count(row.lag)} messages behind.`,
      zh: `${row.topic}-${row.partition} 最早未消费的消息${seconds === 0 ? '已到删除时间' : `约 ${durationZh(seconds)} 后可能被删除`}（${by}），落后 ${count(row.lag)} 条。`,
    },
    suggestion: {
      en: `Catch up before then (more consumers, a faster handler), or raise ${by} of the topic for now.`,
      zh: `请在此之前追上进度（增加消费者、加快处理），或临时调大该主题的 ${by}。`,
    },
  };
}

export function noMembers(state: string, lag: number): Finding {
  return {
    kind: 'noMembers',
    severity: 'warning',
    topic: null,
    evidence: { state, lag },
    message: {
      en: `No consumer is running in this group (${state}) and ${count(lag)} messages wait.`,
      zh: `该消费组没有运行中的消费者（${state}），有 ${count(lag)} 条消息等待消费。`,
    },
    suggestion: {
      en: 'Start the consumers (check their deployment and logs), or delete the group if it is retired.',
      zh: '请启动消费者（检查其部署与日志）；若该消费组已废弃，可将其删除。',
    },
  };
}

export function churn(figure: ChurnFigure): Finding {
  const perHour = figure.perHour ?? figure.rebalances;
  return {
    kind: 'churn',
    severity: 'warning',
    topic: null,
    evidence: {
      rebalances: figure.rebalances,
      windowSeconds: Math.round(figure.windowSeconds),
      perHour: Math.round(perHour * 10) / 10,
      rebalancingShare: figure.rebalancingShare,
    },
    message: {
      en: `The group rebalanced ${figure.rebalances} times in ${durationEn(figure.windowSeconds)}${figure.rebalancingShare ? `, ${percent(figure.rebalancingShare)} of the time rebalancing` : ''}: members keep leaving and joining.`,
      zh: `该消费组在 ${durationZh(figure.windowSeconds)} 内重平衡 ${figure.rebalances} 次${figure.rebalancingShare ? `，${percent(figure.rebalancingShare)} 的时间处于重平衡` : ''}：成员反复离开与加入。`,
    },
    suggestion: {
      en: 'A member that takes longer than max.poll.interval.ms between polls is removed: process fewer records per poll (max.poll.records), speed up the handler or raise max.poll.interval.ms; also look for crashing consumers and session.timeout.ms.',
      zh: '两次 poll 间隔超过 max.poll.interval.ms 的成员会被移出消费组：请减少每次拉取的记录数（max.poll.records）、加快处理或调大 max.poll.interval.ms；同时排查崩溃的消费者与 session.timeout.ms。',
    },
  };
}

export function capacity(figure: CapacityFigure): Finding {
  const produce = figure.produceRate ?? 0;
  const consume = figure.consumeRate ?? 0;
  return {
    kind: 'capacity',
    severity: 'warning',
    topic: figure.topic,
    evidence: {
      produceRate: produce,
      consumeRate: consume,
      deficit: figure.deficit,
      lag: figure.lag,
      windowSeconds: Math.round(figure.windowSeconds),
    },
    message: {
      en: `Producers append ${rate(produce)} msg/s to ${figure.topic} and the group consumes ${rate(consume)} msg/s: the backlog grows by ${rate(produce - consume)} msg/s and never catches up at these rates.`,
      zh: `生产者向 ${figure.topic} 写入 ${rate(produce)} 条/秒，消费组消费 ${rate(consume)} 条/秒：积压每秒增加 ${rate(produce - consume)} 条，按当前速率永远追不上。`,
    },
    suggestion: {
      en: 'Consume faster: add consumers (up to the partition count), batch or parallelise the handler, or add partitions if every partition already has its consumer.',
      zh: '请提高消费能力：增加消费者（不超过分区数）、批量或并行处理；若每个分区都已有消费者，可增加分区。',
    },
  };
}

export function parallelism(figure: ParallelismFigure): Finding {
  const top = figure.shares[0];
  return {
    kind: 'parallelism',
    severity: 'warning',
    topic: null,
    evidence: {
      members: figure.members,
      partitions: figure.partitions,
      room: figure.room,
      topMember: top?.clientId ?? null,
      topMemberShare: top?.share ?? null,
    },
    message: {
      en: `${figure.members} member${figure.members === 1 ? '' : 's'} consume${figure.members === 1 ? 's' : ''} ${figure.partitions} partitions${top?.share ? `; ${top.clientId} holds ${percent(top.share)} of the lag` : ''}.`,
      zh: `${figure.members} 个成员消费 ${figure.partitions} 个分区${top?.share ? `；${top.clientId} 承担了 ${percent(top.share)} 的积压` : ''}。`,
    },
    suggestion: {
      en: `Up to ${figure.room} more consumers would each take partitions (consumers = partitions is the most a group can use).`,
      zh: `最多还可增加 ${figure.room} 个消费者分担分区（消费者数 = 分区数时并行度最高）。`,
    },
  };
}

export function idleMembers(figure: ParallelismFigure): Finding {
  return {
    kind: 'idleMembers',
    severity: 'info',
    topic: null,
    evidence: { members: figure.members, partitions: figure.partitions, idleMembers: figure.idleMembers },
    message: {
      en: `${figure.idleMembers} of ${figure.members} members have no partition: the group has more members than its ${figure.partitions} partitions.`,
      zh: `${figure.members} 个成员中有 ${figure.idleMembers} 个没有分配到分区：成员数多于 ${figure.partitions} 个分区。`,
    },
    suggestion: {
      en: 'Idle members add nothing; to scale further, add partitions to the topic.',
      zh: '空闲成员不会提升消费能力；若需继续扩展，请为主题增加分区。',
    },
  };
}

export function lagSkew(skew: LagSkew): Finding {
  return {
    kind: 'lagSkew',
    severity: 'warning',
    topic: skew.topic,
    evidence: {
      topPartition: skew.topPartition,
      topShare: skew.topShare,
      maxOverMean: skew.maxOverMean,
      lag: skew.total,
      partitions: skew.partitions,
    },
    message: {
      en: `${percent(skew.topShare)} of the lag on ${skew.topic} is on partition ${skew.topPartition} (max/mean ${skew.maxOverMean.toFixed(1)} over ${skew.partitions} partitions).`,
      zh: `${skew.topic} 上 ${percent(skew.topShare)} 的积压集中在分区 ${skew.topPartition}（${skew.partitions} 个分区的最大值/平均值为 ${skew.maxOverMean.toFixed(1)}）。`,
    },
    suggestion: {
      en: `More consumers will not help this partition: check the producers' keys (a hot key) and the member that owns partition ${skew.topPartition}.`,
      zh: `增加消费者无法缓解该分区：请检查生产者的消息键是否存在热点，以及负责分区 ${skew.topPartition} 的成员。`,
    },
  };
}

export function topicSkew(kind: 'keySkew' | 'sizeSkew', topic: string, skew: SkewMeasure): Finding {
  const what =
    kind === 'keySkew'
      ? { en: 'of the produce rate', zh: '的写入速率' }
      : { en: 'of the data', zh: '的数据量' };
  return {
    kind,
    severity: 'info',
    topic,
    evidence: {
      topPartition: skew.topPartition,
      topShare: skew.topShare,
      maxOverMean: skew.maxOverMean,
      total: skew.total,
      partitions: skew.partitions,
    },
    message: {
      en: `Partition ${skew.topPartition} of ${topic} takes ${percent(skew.topShare)} ${what.en} (max/mean ${skew.maxOverMean.toFixed(1)} over ${skew.partitions} partitions).`,
      zh: `${topic} 的分区 ${skew.topPartition} 占 ${percent(skew.topShare)}${what.zh}（${skew.partitions} 个分区的最大值/平均值为 ${skew.maxOverMean.toFixed(1)}）。`,
    },
    suggestion: {
      en: "The producers' keys are unevenly spread (or a custom partitioner sends everything to one partition): choose a key with more distinct values, or no key.",
      zh: '生产者的消息键分布不均（或自定义分区器把消息都发到同一分区）：请选用取值更分散的键，或不指定键。',
    },
  };
}
