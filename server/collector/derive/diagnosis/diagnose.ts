import { partitionKey } from '../../../model/index.ts';
import type { BrokerSnapshot, GroupSnapshot, PartitionSnapshot, TopicSnapshot } from '../../snapshot.ts';
import { ratePerSecond } from '../lag.ts';
import type { LagWindow } from '../lag-window.ts';
import { capacityByTopic } from './capacity.ts';
import { type ChurnRecord, churnFigure } from './churn.ts';
import * as found from './findings.ts';
import { leaderBalance } from './leaders.ts';
import { parallelismOf } from './parallelism.ts';
import { deletionApplies, partitionRetention } from './retention.ts';
import { isSkewed, MIN_SKEWED_BYTES, MIN_SKEWED_LAG, MIN_SKEWED_RATE, skewOf } from './skew.ts';
import type {
  ClusterDiagnosis,
  Finding,
  GroupDiagnosis,
  PartitionRetention,
  TopicDiagnosis,
} from './types.ts';

/** A retention finding shows when deletion is nearer than this, or than a quarter of retention.ms. */
export const RETENTION_RISK_SECONDS = 3600;
/** Rebalances per hour (or part of the time spent rebalancing) from which churn is a finding. */
export const CHURN_PER_HOUR = 6;
export const CHURN_REBALANCING_SHARE = 0.1;

export interface DiagnoseInput {
  topics: readonly TopicSnapshot[];
  groups: readonly GroupSnapshot[];
  brokers: readonly Pick<BrokerSnapshot, 'id' | 'up'>[];
  /** The last reachable cycle's topics and when its end offsets were read: per-partition rates. */
  previous?: { topics: readonly TopicSnapshot[]; offsetsAt: number };
  offsetsAt: number;
  /** Per group, per partition ("topic\0partition"). */
  lagWindows: ReadonlyMap<string, ReadonlyMap<string, LagWindow>>;
  churn: ReadonlyMap<string, ChurnRecord>;
}

/** The backlog doctor over one snapshot and the collector's memory; pure. */
export function diagnoseCluster(input: DiagnoseInput): ClusterDiagnosis {
  const rates = partitionRates(input);
  const topics = new Map(input.topics.map((t) => [t.name, t]));
  // One lookup per partition: a group on a 1,000-partition topic must not scan it per partition.
  const partitions = new Map<string, PartitionSnapshot>();
  for (const t of input.topics)
    for (const p of t.partitions) partitions.set(partitionKey(t.name, p.partition), p);
  return {
    groups: input.groups.map((g) => diagnoseGroup(g, topics, partitions, rates, input)),
    topics: input.topics.filter((t) => !t.internal).map((t) => diagnoseTopic(t, rates)),
    leaders: leaderBalance(input.brokers, input.topics),
  };
}

function partitionRates(input: DiagnoseInput): Map<string, number | null> {
  const rates = new Map<string, number | null>();
  const before = new Map<string, number>();
  for (const t of input.previous?.topics ?? [])
    for (const p of t.partitions)
      if (p.endOffset !== null) before.set(partitionKey(p.topic, p.partition), p.endOffset);
  for (const t of input.topics)
    for (const p of t.partitions) {
      const key = partitionKey(p.topic, p.partition);
      const was = before.get(key);
      rates.set(
        key,
        input.previous && was !== undefined && p.endOffset !== null
          ? ratePerSecond(
              { at: input.previous.offsetsAt, value: was },
              { at: input.offsetsAt, value: p.endOffset },
            )
          : null,
      );
    }
  return rates;
}

function diagnoseGroup(
  group: GroupSnapshot,
  topics: ReadonlyMap<string, TopicSnapshot>,
  partitionsByKey: ReadonlyMap<string, PartitionSnapshot>,
  rates: ReadonlyMap<string, number | null>,
  input: DiagnoseInput,
): GroupDiagnosis {
  const windows = input.lagWindows.get(group.id);
  const capacity = capacityByTopic(
    group.partitions.map((p) => ({
      topic: p.topic,
      lag: p.lag,
      window: windows?.get(partitionKey(p.topic, p.partition)),
    })),
  );
  const parallelism = parallelismOf(group);
  const churn = churnFigure(input.churn.get(group.id));
  const lagSkew = group.topics.flatMap((t) => {
    const skew = skewOf(
      group.partitions
        .filter((p) => p.topic === t.topic)
        .map((p) => ({ partition: p.partition, value: p.lag })),
    );
    return skew ? [{ topic: t.topic, ...skew }] : [];
  });
  const retention: PartitionRetention[] = [];
  for (const p of group.partitions) {
    const key = partitionKey(p.topic, p.partition);
    const topic = topics.get(p.topic);
    const partition = partitionsByKey.get(key);
    if (!topic || !partition) continue;
    const row = partitionRetention({
      configs: topic.configs,
      partition,
      consumer: p,
      produceRate: rates.get(key) ?? null,
    });
    if (row) retention.push(row);
  }
  const lostMessages = retention.reduce((n, r) => n + r.lostMessages, 0);

  const findings: Finding[] = [];
  const lag = group.lag ?? 0;
  for (const topic of new Set(retention.filter((r) => r.lostMessages > 0).map((r) => r.topic)))
    findings.push(
      found.dataLost(
        topic,
        retention.filter((r) => r.topic === topic),
      ),
    );
  // One retention finding per topic: its most urgent partition.
  const riskiest = new Map<string, PartitionRetention>();
  for (const r of retention) {
    if (r.secondsToDeletion === null || r.lag === 0) continue;
    const retentionMs = topics.get(r.topic)?.configs.retentionMs ?? null;
    const near =
      r.secondsToDeletion < RETENTION_RISK_SECONDS ||
      (r.by === 'time' &&
        retentionMs !== null &&
        retentionMs > 0 &&
        r.secondsToDeletion < retentionMs / 4000);
    const best = riskiest.get(r.topic);
    if (near && (!best || r.secondsToDeletion < best.secondsToDeletion!)) riskiest.set(r.topic, r);
  }
  for (const r of riskiest.values())
    findings.push(found.retentionRisk(r, topics.get(r.topic)?.configs.retentionMs ?? null));
  if (lag > 0 && group.members.length === 0) findings.push(found.noMembers(group.state, lag));
  if (
    churn.rebalances > 0 &&
    ((churn.perHour !== null && churn.perHour >= CHURN_PER_HOUR) ||
      (churn.rebalancingShare !== null &&
        churn.rebalancingShare >= CHURN_REBALANCING_SHARE &&
        churn.windowSeconds >= 60))
  )
    findings.push(found.churn(churn));
  const falling = capacity.filter((c) => c.lag !== null && c.lag > 0 && c.deficit !== null && c.deficit > 0);
  for (const c of falling) if ((c.produceRate ?? 0) > 0) findings.push(found.capacity(c));
  if (
    lag > 0 &&
    parallelism.members > 0 &&
    parallelism.room > 0 &&
    (falling.length > 0 || group.status !== 'OK')
  )
    findings.push(found.parallelism(parallelism));
  for (const skew of lagSkew) if (isSkewed(skew, MIN_SKEWED_LAG)) findings.push(found.lagSkew(skew));
  if (parallelism.idleMembers > 0 && parallelism.members > parallelism.partitions)
    findings.push(found.idleMembers(parallelism));

  return {
    group: group.id,
    lag: group.lag,
    capacity,
    parallelism,
    lagSkew,
    churn,
    retention,
    lostMessages,
    findings: found.orderFindings(findings),
  };
}

function diagnoseTopic(topic: TopicSnapshot, rates: ReadonlyMap<string, number | null>): TopicDiagnosis {
  const sizeSkew = skewOf(topic.partitions.map((p) => ({ partition: p.partition, value: p.sizeBytes })));
  const rateSkew = skewOf(
    topic.partitions.map((p) => ({
      partition: p.partition,
      value: rates.get(partitionKey(topic.name, p.partition)) ?? null,
    })),
  );
  const findings: Finding[] = [];
  if (isSkewed(rateSkew, MIN_SKEWED_RATE)) findings.push(found.topicSkew('keySkew', topic.name, rateSkew));
  if (isSkewed(sizeSkew, MIN_SKEWED_BYTES)) findings.push(found.topicSkew('sizeSkew', topic.name, sizeSkew));
  const applies = deletionApplies(topic.configs);
  return {
    topic: topic.name,
    sizeSkew,
    rateSkew,
    retention: {
      applies,
      retentionMs:
        topic.configs.retentionMs !== null && topic.configs.retentionMs > 0
          ? topic.configs.retentionMs
          : null,
      retentionBytes:
        topic.configs.retentionBytes !== null && topic.configs.retentionBytes > 0
          ? topic.configs.retentionBytes
          : null,
    },
    findings: found.orderFindings(findings),
  };
}
