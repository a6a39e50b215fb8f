import type { ClusterSnapshot, GroupSnapshot } from '../../server/collector/snapshot.ts';
import type { RuleConfig } from '../../server/config/alert-rules.ts';
import type { CollectErrorKind, GroupType } from '../../server/model/index.ts';
import { anchored } from '../../server/shared/regex.ts';
import type { Candidate } from './candidate.ts';
import { diagnosisVars, groupDiagnosisOf } from './diagnosis-lookup.ts';

/**
 * The conditions a rule finds in a snapshot; pure. `undefined` means the snapshot cannot tell
 * (cluster unreachable): the state machine then keeps every instance of the rule as it was,
 * rather than resolving alerts just because nothing could be read.
 */
export function evaluateRule(
  rule: RuleConfig,
  snapshot: ClusterSnapshot,
  previous: ClusterSnapshot | undefined,
): Candidate[] | undefined {
  if (!anchored(rule.cluster).test(snapshot.cluster)) return [];
  if (rule.kind === 'clusterUnreachable')
    return snapshot.reachable ? [] : [{ labels: {}, value: null, vars: { error: firstError(snapshot) } }];
  if (!snapshot.reachable) return undefined;
  if (GROUP_KINDS.has(rule.kind) && snapshot.errors.some((e) => LAG_INPUTS.has(e.kind))) return undefined;
  switch (rule.kind) {
    case 'consumerLag':
    case 'consumerTimeLag':
      return groupTopicLag(rule, snapshot);
    case 'lagStatus':
      return lagStatus(rule, snapshot);
    case 'inactiveGroupLag':
      return inactiveGroupLag(rule, snapshot);
    case 'isrShrink':
      return isrShrink(rule, snapshot);
    case 'offlinePartitions':
      return offlinePartitions(rule, snapshot);
    case 'leaderlessPartition':
      return leaderlessPartitions(rule, snapshot);
    case 'brokerDown':
      return snapshot.brokers
        .filter((b) => !b.up)
        .map((b) => ({
          labels: { broker: String(b.id) },
          value: b.id,
          vars: { address: `${b.host}:${b.port}` },
        }));
    case 'noController':
      return snapshot.controller.id === null
        ? [{ labels: {}, value: null, vars: { mode: snapshot.controller.mode } }]
        : [];
    case 'controllerChanged':
      return controllerChanged(snapshot, previous);
    case 'retentionRisk':
      return retentionRisk(rule, snapshot);
    case 'dataLost':
      return dataLost(rule, snapshot);
    case 'leaderImbalance':
      return leaderImbalance(rule, snapshot);
  }
}

const GROUP_KINDS = new Set<RuleConfig['kind']>([
  'consumerLag',
  'consumerTimeLag',
  'lagStatus',
  'inactiveGroupLag',
  'retentionRisk',
  'dataLost',
]);
/** Without these reads a group's lag is unknown this cycle, not zero: no reason to resolve. */
const LAG_INPUTS = new Set<CollectErrorKind>(['groups', 'group-offsets', 'offsets']);

function firstError(snapshot: ClusterSnapshot): string {
  return snapshot.errors[0]?.message ?? 'no answer';
}

/** A group rule's name and type selectors as one predicate. */
function groupMatcher(rule: {
  group: string;
  type?: GroupType | readonly GroupType[];
}): (g: GroupSnapshot) => boolean {
  const groupRe = anchored(rule.group);
  const types =
    rule.type === undefined ? undefined : new Set(typeof rule.type === 'string' ? [rule.type] : rule.type);
  return (g) => groupRe.test(g.id) && (types === undefined || types.has(g.type));
}

type LagRule = Extract<RuleConfig, { kind: 'consumerLag' | 'consumerTimeLag' }>;

function groupTopicLag(rule: LagRule, snapshot: ClusterSnapshot): Candidate[] {
  const matches = groupMatcher(rule);
  const topicRe = anchored(rule.topic);
  const out: Candidate[] = [];
  for (const group of snapshot.groups) {
    if (!matches(group)) continue;
    for (const t of group.topics) {
      if (!topicRe.test(t.topic)) continue;
      const value = rule.kind === 'consumerLag' ? t.lag : t.timeLagSeconds;
      if (value === null || value <= rule.threshold) continue;
      out.push({
        labels: { group: group.id, topic: t.topic },
        value,
        vars: {
          threshold: rule.threshold,
          lag: t.lag ?? '',
          timeLag: t.timeLagSeconds ?? '',
          ...diagnosisVars(snapshot, group.id, t.topic),
        },
      });
    }
  }
  return out;
}

function lagStatus(rule: Extract<RuleConfig, { kind: 'lagStatus' }>, snapshot: ClusterSnapshot): Candidate[] {
  const matches = groupMatcher(rule);
  return snapshot.groups
    .filter((g) => matches(g) && (rule.statuses as readonly string[]).includes(g.status))
    .map((g) => {
      const bad = g.partitions.filter((p) => p.status !== 'OK');
      return {
        labels: { group: g.id },
        value: g.lag,
        // The condition is the status, so that is the value a reader looks for; the lag stays
        // the number ({{ $value }}) for templates and receivers that expect one.
        valueText: g.status,
        // ERR (stalled, stopped, rewound) pages; WARN (growing lag) does not, unless the rule
        // sets a severity of its own.
        ...(rule.severity === undefined ? { severity: g.status === 'ERR' ? 'critical' : 'warning' } : {}),
        vars: {
          status: g.status,
          partitions: bad.map((p) => `${p.topic}-${p.partition} ${p.status}`).join(', '),
          ...diagnosisVars(snapshot, g.id),
        },
      };
    });
}

function inactiveGroupLag(
  rule: Extract<RuleConfig, { kind: 'inactiveGroupLag' }>,
  snapshot: ClusterSnapshot,
): Candidate[] {
  const matches = groupMatcher(rule);
  return snapshot.groups
    .filter((g) => matches(g) && (g.state === 'Empty' || g.state === 'Dead'))
    .filter((g) => g.lag !== null && g.lag >= rule.minLag)
    .map((g) => ({
      labels: { group: g.id },
      value: g.lag,
      vars: { state: g.state, ...diagnosisVars(snapshot, g.id) },
    }));
}

function isrShrink(rule: Extract<RuleConfig, { kind: 'isrShrink' }>, snapshot: ClusterSnapshot): Candidate[] {
  const topicRe = anchored(rule.topic);
  const out: Candidate[] = [];
  for (const topic of snapshot.topics) {
    if (!topicRe.test(topic.name)) continue;
    const minIsr = topic.configs.minInsyncReplicas;
    for (const p of topic.partitions) {
      // An offline partition is the offlinePartitions rule's business.
      if (p.offline || p.isr.length >= p.replicas.length) continue;
      const outOfIsr = p.replicas.filter((id) => !p.isr.includes(id));
      const belowMin = minIsr !== null && p.isr.length < minIsr;
      out.push({
        labels: { topic: topic.name, partition: String(p.partition) },
        value: p.isr.length,
        severity: belowMin && rule.criticalBelowMinIsr ? 'critical' : undefined,
        vars: {
          outOfIsr: outOfIsr.join(', '),
          isr: p.isr.join(', '),
          replicas: p.replicas.join(', '),
          minIsr: minIsr ?? 'unknown',
        },
      });
    }
  }
  return out;
}

function offlinePartitions(
  rule: Extract<RuleConfig, { kind: 'offlinePartitions' }>,
  snapshot: ClusterSnapshot,
): Candidate[] {
  const topicRe = anchored(rule.topic);
  return snapshot.topics
    .filter((t) => topicRe.test(t.name))
    .flatMap((t) => t.partitions.filter((p) => p.offline))
    .map((p) => ({
      labels: { topic: p.topic, partition: String(p.partition) },
      value: null,
      vars: { replicas: p.replicas.join(', '), offlineReplicas: p.offlineReplicas.join(', ') },
    }));
}

/**
 * KIP-966: a leaderless partition whose ISR or ELR still names a replica gets a clean leader as
 * soon as that replica is back; one with both empty can only get an unclean leader, losing the
 * records only the lost replicas had: that is the data-loss risk, and critical.
 */
function leaderlessPartitions(
  rule: Extract<RuleConfig, { kind: 'leaderlessPartition' }>,
  snapshot: ClusterSnapshot,
): Candidate[] {
  const topicRe = anchored(rule.topic);
  return snapshot.topics
    .filter((t) => topicRe.test(t.name))
    .flatMap((t) => t.partitions.filter((p) => p.leader < 0))
    .map((p) => {
      const elr = p.eligibleLeaderReplicas ?? [];
      const clean = [...new Set([...p.isr, ...elr])];
      const lastKnown = p.lastKnownElr ?? [];
      return {
        labels: {
          topic: p.topic,
          partition: String(p.partition),
          recovery: clean.length ? 'clean' : 'unclean-only',
        },
        value: clean.length,
        severity: clean.length ? undefined : 'critical',
        vars: {
          replicas: p.replicas.join(', '),
          isr: p.isr.join(', '),
          elr: elr.join(', '),
          lastKnownElr: lastKnown.join(', '),
          advice: clean.length
            ? `Bring back broker ${clean.join(' or ')}: it holds every committed record and will lead cleanly`
            : `No replica is known to hold every committed record: only an unclean election is left (data-loss risk)${
                lastKnown.length ? `; bring back broker ${lastKnown.join(' or ')} first (last known ELR)` : ''
              }`,
        },
      };
    });
}

function controllerChanged(snapshot: ClusterSnapshot, previous: ClusterSnapshot | undefined): Candidate[] {
  const before = previous?.reachable ? previous.controller.id : null;
  const now = snapshot.controller.id;
  // Only a change between two known leaders: a first snapshot or a lost leader says nothing here.
  if (before === null || now === null || before === now) return [];
  return [{ labels: {}, value: now, vars: { previous: before } }];
}

function retentionRisk(
  rule: Extract<RuleConfig, { kind: 'retentionRisk' }>,
  snapshot: ClusterSnapshot,
): Candidate[] {
  const groupRe = anchored(rule.group);
  const topicRe = anchored(rule.topic);
  const thresholdSeconds = rule.threshold / 1000;
  const out: Candidate[] = [];
  for (const group of snapshot.groups) {
    if (!groupRe.test(group.id)) continue;
    // One alert per group and topic, about its most urgent partition.
    const worst = new Map<string, { partition: number; seconds: number; by: string; lag: number }>();
    for (const r of groupDiagnosisOf(snapshot, group.id)?.retention ?? []) {
      if (!topicRe.test(r.topic) || r.lag === 0 || r.secondsToDeletion === null) continue;
      if (r.secondsToDeletion >= thresholdSeconds) continue;
      const seen = worst.get(r.topic);
      if (!seen || r.secondsToDeletion < seen.seconds)
        worst.set(r.topic, {
          partition: r.partition,
          seconds: r.secondsToDeletion,
          by: r.by ?? '',
          lag: r.lag,
        });
    }
    for (const [topic, w] of worst)
      out.push({
        labels: { group: group.id, topic },
        value: Math.round(w.seconds),
        vars: {
          partition: w.partition,
          by: w.by === 'size' ? 'retention.bytes' : 'retention.ms',
          lag: w.lag,
          threshold: thresholdSeconds,
          ...diagnosisVars(snapshot, group.id, topic),
        },
      });
  }
  return out;
}

function dataLost(rule: Extract<RuleConfig, { kind: 'dataLost' }>, snapshot: ClusterSnapshot): Candidate[] {
  const groupRe = anchored(rule.group);
  const topicRe = anchored(rule.topic);
  const out: Candidate[] = [];
  for (const group of snapshot.groups) {
    if (!groupRe.test(group.id)) continue;
    const byTopic = new Map<string, { lost: number; partitions: number[] }>();
    for (const r of groupDiagnosisOf(snapshot, group.id)?.retention ?? []) {
      if (r.lostMessages === 0 || !topicRe.test(r.topic)) continue;
      const acc = byTopic.get(r.topic) ?? { lost: 0, partitions: [] };
      acc.lost += r.lostMessages;
      acc.partitions.push(r.partition);
      byTopic.set(r.topic, acc);
    }
    for (const [topic, acc] of byTopic)
      out.push({
        labels: { group: group.id, topic },
        value: acc.lost,
        vars: { partitions: acc.partitions.join(', ') },
      });
  }
  return out;
}

function leaderImbalance(
  rule: Extract<RuleConfig, { kind: 'leaderImbalance' }>,
  snapshot: ClusterSnapshot,
): Candidate[] {
  return snapshot.diagnosis.leaders.brokers
    .filter((b) => b.preferredNotLed > 0 && b.imbalancePercent > rule.maxImbalancePercent)
    .map((b) => ({
      labels: { broker: String(b.broker) },
      value: Math.round(b.imbalancePercent * 10) / 10,
      vars: {
        leaders: b.leaders,
        preferred: b.preferred,
        preferredNotLed: b.preferredNotLed,
        fairShare: Math.round(b.fairShare * 10) / 10,
        threshold: rule.maxImbalancePercent,
      },
    }));
}
