import type { ClusterSummary } from './api/types.ts';
import type { MessageKey } from './dictionaries/en.ts';

export interface Problem {
  key: MessageKey;
  count: number;
  severity: 'bad' | 'warn';
}

/** A cluster's problems, worst first: what the overview shows before any number. */
export function clusterProblems(summary: ClusterSummary, firingAlerts: number | null): Problem[] {
  const problems: Problem[] = [];
  const add = (key: MessageKey, count: number | null | undefined, severity: Problem['severity']) => {
    if (count) problems.push({ key, count, severity });
  };
  add('overview.offline', summary.offlinePartitions, 'bad');
  add('overview.brokersDown', summary.brokers?.down, 'bad');
  add('overview.underMinIsr', summary.underMinIsrPartitions, 'bad');
  add('overview.urp', summary.underReplicatedPartitions, 'warn');
  add('overview.groupsErr', summary.groups?.byStatus.ERR, 'bad');
  add('overview.firing', firingAlerts, 'bad');
  add('overview.groupsWarn', summary.groups?.byStatus.WARN, 'warn');
  return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'bad' ? -1 : 1));
}

/** Clusters in trouble first (unreachable, then by problem count), then by name. */
export function problemRank(summary: ClusterSummary, firingAlerts: number | null): number {
  if (!summary.reachable) return 1_000_000;
  return clusterProblems(summary, firingAlerts).reduce((n, p) => n + (p.severity === 'bad' ? 1000 : 1), 0);
}
