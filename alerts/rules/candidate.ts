import type { Labels, Severity } from '../api.ts';

/** One alert condition that holds in a snapshot: what a rule found, before the state machine. */
export interface Candidate {
  /** Rule-specific identity labels (group, topic, partition, broker...), without alertname/cluster. */
  labels: Labels;
  value: number | null;
  /** Overrides the rule's severity for this instance (ISR below min.insync.replicas). */
  severity?: Severity;
  /** Values the annotation templates may use, e.g. `{{ $outOfIsr }}`. */
  vars?: Readonly<Record<string, string | number>>;
}
