import type { Labels, Severity } from '../api.ts';

/** One alert condition that holds in a snapshot: what a rule found, before the state machine. */
export interface Candidate {
  /** Rule-specific identity labels (group, topic, partition, broker...), without alertname/cluster. */
  labels: Labels;
  value: number | null;
  /** How the value reads in the UI when it is not the number (a lag-status alert's status). */
  valueText?: string;
  /** Overrides the rule's severity for this instance (ISR below min.insync.replicas, lag status ERR). */
  severity?: Severity;
  /** Values the annotation templates may use, e.g. `{{ $outOfIsr }}`. */
  vars?: Readonly<Record<string, string | number>>;
}
