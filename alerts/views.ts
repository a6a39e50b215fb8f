import type { AlertView } from './api.ts';
import type { AlertInstance } from './instance.ts';
import type { SilenceSet } from './silences.ts';

export function alertView(a: AlertInstance, silences: SilenceSet): AlertView {
  return {
    fingerprint: a.fingerprint,
    rule: a.rule,
    state: a.state,
    severity: a.severity,
    labels: a.labels,
    annotations: a.annotations,
    activeAt: a.activeAt,
    firedAt: a.firedAt,
    silenced: silences.isMuted(a.labels),
    value: a.value,
    valueText: a.valueText,
  };
}
