import type { GroupDiagnosis } from '../../server/collector/index.ts';
import type { ClusterSnapshot } from '../../server/collector/snapshot.ts';

// One index per snapshot (immutable), shared by every rule evaluated on it.
const indexes = new WeakMap<ClusterSnapshot, ReadonlyMap<string, GroupDiagnosis>>();

export function groupDiagnosisOf(snapshot: ClusterSnapshot, group: string): GroupDiagnosis | undefined {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new Map(snapshot.diagnosis.groups.map((g) => [g.group, g]));
    indexes.set(snapshot, index);
  }
  return index.get(group);
}

/**
 * `$diagnosis` / `$diagnosisZh` of lag notifications: the group's most urgent finding with its
 * suggestion (restricted to one topic when the alert is about one), or "" when there is none.
 */
export function diagnosisVars(
  snapshot: ClusterSnapshot,
  group: string,
  topic?: string,
): { diagnosis: string; diagnosisZh: string } {
  const findings = groupDiagnosisOf(snapshot, group)?.findings ?? [];
  const first = findings.find((f) => topic === undefined || f.topic === null || f.topic === topic);
  if (!first) return { diagnosis: '', diagnosisZh: '' };
  return {
    diagnosis: `Why: ${first.message.en} ${first.suggestion.en}`,
    diagnosisZh: `原因：${first.message.zh}${first.suggestion.zh}`,
  };
}
