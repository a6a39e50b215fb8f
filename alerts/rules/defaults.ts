import {
  type RuleConfig,
  type RuleInput,
  type RuleKind,
  ruleSchema,
} from '../../server/config/alert-rules.ts';
import type { Labels, Severity } from '../api.ts';

export const DEFAULT_SEVERITY: Record<RuleKind, Severity> = {
  consumerLag: 'warning',
  consumerTimeLag: 'warning',
  lagStatus: 'critical', // the default rule alerts on ERR only; a WARN instance is a warning
  inactiveGroupLag: 'warning',
  isrShrink: 'warning',
  offlinePartitions: 'critical',
  // Raised to critical per alert when no clean leader is left to elect (see evaluate.ts).
  leaderlessPartition: 'warning',
  brokerDown: 'critical',
  noController: 'critical',
  controllerChanged: 'info',
  clusterUnreachable: 'critical',
  retentionRisk: 'warning',
  dataLost: 'critical',
  leaderImbalance: 'warning',
};

/** Annotations of each kind unless the rule sets its own (per key). */
export const DEFAULT_ANNOTATIONS: Record<RuleKind, Labels> = {
  consumerLag: {
    summary: 'Group {{ $labels.group }} is {{ $value }} messages behind on {{ $labels.topic }}',
    description:
      'Consumer group {{ $labels.group }} lags {{ $value }} messages on topic {{ $labels.topic }} in cluster {{ $labels.cluster }} (threshold {{ $threshold }}). {{ $diagnosis }}',
  },
  consumerTimeLag: {
    summary: 'Group {{ $labels.group }} is {{ $value }} s behind on {{ $labels.topic }}',
    description:
      'Consumer group {{ $labels.group }} is {{ $value }} seconds behind on topic {{ $labels.topic }} in cluster {{ $labels.cluster }} (threshold {{ $threshold }} s, {{ $lag }} messages). {{ $diagnosis }}',
  },
  lagStatus: {
    summary: 'Group {{ $labels.group }} lag status is {{ $status }}',
    description:
      'Consumer group {{ $labels.group }} in cluster {{ $labels.cluster }} has lag status {{ $status }} ({{ $value }} messages behind): {{ $partitions }}. {{ $diagnosis }}',
  },
  inactiveGroupLag: {
    summary: 'Group {{ $labels.group }} is {{ $state }} with {{ $value }} messages of lag',
    description:
      'Consumer group {{ $labels.group }} in cluster {{ $labels.cluster }} has no members ({{ $state }}) and {{ $value }} unconsumed messages. {{ $diagnosis }}',
  },
  isrShrink: {
    summary: 'ISR of {{ $labels.topic }}-{{ $labels.partition }} shrank: broker {{ $outOfIsr }} out of sync',
    description:
      'Partition {{ $labels.topic }}-{{ $labels.partition }} in cluster {{ $labels.cluster }} has ISR [{{ $isr }}] of replicas [{{ $replicas }}] (min.insync.replicas {{ $minIsr }}); broker(s) {{ $outOfIsr }} dropped out of the ISR.',
  },
  offlinePartitions: {
    summary: 'Partition {{ $labels.topic }}-{{ $labels.partition }} is offline',
    description:
      'Partition {{ $labels.topic }}-{{ $labels.partition }} in cluster {{ $labels.cluster }} has no leader (replicas [{{ $replicas }}], offline [{{ $offlineReplicas }}]).',
  },
  leaderlessPartition: {
    summary:
      'Partition {{ $labels.topic }}-{{ $labels.partition }} has no leader; recovery: {{ $labels.recovery }}',
    description:
      'Partition {{ $labels.topic }}-{{ $labels.partition }} in cluster {{ $labels.cluster }} has no leader. {{ $advice }} (replicas [{{ $replicas }}], ISR [{{ $isr }}], ELR [{{ $elr }}], last known ELR [{{ $lastKnownElr }}]).',
  },
  brokerDown: {
    summary: 'Broker {{ $labels.broker }} is down',
    description:
      'Broker {{ $labels.broker }} ({{ $address }}) of cluster {{ $labels.cluster }} is no longer listed.',
  },
  noController: {
    summary: 'Cluster {{ $labels.cluster }} has no controller',
    description: 'Cluster {{ $labels.cluster }} ({{ $mode }}) reports no active controller / quorum leader.',
  },
  controllerChanged: {
    summary: 'Controller of {{ $labels.cluster }} moved from {{ $previous }} to {{ $value }}',
    description:
      'The controller (quorum leader) of cluster {{ $labels.cluster }} changed from broker {{ $previous }} to {{ $value }}.',
  },
  clusterUnreachable: {
    summary: 'Cluster {{ $labels.cluster }} is unreachable',
    description: 'Kestrel cannot read cluster {{ $labels.cluster }}: {{ $error }}.',
  },
  retentionRisk: {
    summary:
      'Unconsumed messages of {{ $labels.topic }}-{{ $partition }} may be deleted in {{ $value }} s before group {{ $labels.group }} reads them',
    description:
      'Consumer group {{ $labels.group }} is {{ $lag }} messages behind on {{ $labels.topic }}-{{ $partition }} in cluster {{ $labels.cluster }}; its oldest unconsumed message may be deleted by {{ $by }} in {{ $value }} s (threshold {{ $threshold }} s). {{ $diagnosis }}',
  },
  dataLost: {
    summary:
      '{{ $value }} messages of {{ $labels.topic }} were deleted before group {{ $labels.group }} read them',
    description:
      'Retention deleted {{ $value }} messages of {{ $labels.topic }} (partitions {{ $partitions }}) in cluster {{ $labels.cluster }} before consumer group {{ $labels.group }} read them: its committed offset is below the log start offset.',
  },
  leaderImbalance: {
    summary:
      'Broker {{ $labels.broker }} leads {{ $leaders }} partitions; {{ $value }}% of its preferred ones are led elsewhere',
    description:
      'Broker {{ $labels.broker }} of cluster {{ $labels.cluster }} is the preferred leader of {{ $preferred }} partitions, {{ $preferredNotLed }} of them led by another broker (fair share {{ $fairShare }} leaders). Run a preferred leader election (kafka-leader-election.sh --election-type PREFERRED).',
  },
};

/** What works out of the box, used when the config lists no rules. Thresholds are conservative. */
const DEFAULT_RULES: RuleInput[] = [
  { name: 'ConsumerLagHigh', kind: 'consumerTimeLag', threshold: 300, for: '5m' },
  { name: 'ConsumerLagStatus', kind: 'lagStatus', statuses: ['ERR'], for: '2m' },
  { name: 'InactiveGroupWithLag', kind: 'inactiveGroupLag', minLag: 1, for: '10m' },
  { name: 'IsrShrink', kind: 'isrShrink', for: '0' },
  { name: 'OfflinePartitions', kind: 'offlinePartitions', for: '0' },
  { name: 'LeaderlessPartition', kind: 'leaderlessPartition', for: '0' },
  { name: 'BrokerDown', kind: 'brokerDown', for: '0' },
  { name: 'NoController', kind: 'noController', for: '30s' },
  { name: 'ControllerChanged', kind: 'controllerChanged', keepFiringFor: '10m' },
  { name: 'ClusterUnreachable', kind: 'clusterUnreachable', for: '1m' },
  { name: 'RetentionRisk', kind: 'retentionRisk', threshold: '1h', for: '1m' },
  { name: 'DataLost', kind: 'dataLost', for: '0' },
  { name: 'LeaderImbalance', kind: 'leaderImbalance', maxImbalancePercent: 10, for: '10m' },
];

export function defaultRules(): RuleConfig[] {
  return DEFAULT_RULES.map((rule) => ruleSchema.parse(rule));
}
