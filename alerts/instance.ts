import type { AlertState, Labels, Severity } from './api.ts';

/** One alert instance the engine tracks (pending or firing), as kept in memory and in SQLite. */
export interface AlertInstance {
  /** Hash of the identity labels (every label but `severity`). */
  fingerprint: string;
  rule: string;
  cluster: string;
  /** alertname, cluster, the rule's labels, the instance's own (topic, group...) and severity. */
  labels: Labels;
  annotations: Labels;
  severity: Severity;
  value: number | null;
  /** How the value reads when the number alone would mislead (a lag status: "ERR"); else null. */
  valueText: string | null;
  state: AlertState;
  activeAt: number;
  firedAt: number | null;
  /** Last evaluation in which the condition held (keepFiringFor counts from here). */
  lastSeenAt: number;
}

export interface ResolvedAlert extends AlertInstance {
  state: 'firing';
  firedAt: number;
  resolvedAt: number;
}

/** A firing alert that ends at `now`; undefined for one that never fired (it ends unannounced). */
export function resolvedAt(alert: AlertInstance, now: number): ResolvedAlert | undefined {
  if (alert.state !== 'firing' || alert.firedAt === null) return undefined;
  return { ...alert, state: 'firing', firedAt: alert.firedAt, resolvedAt: now };
}
