import type { RuleConfig } from '../../server/config/alert-rules.ts';
import type { RuleView } from '../api.ts';
import type { RuleSpec } from '../state.ts';
import { DEFAULT_ANNOTATIONS, DEFAULT_SEVERITY } from './defaults.ts';

/** A configured rule with its defaults filled in: what the state machine and the API see. */
export function ruleSpec(rule: RuleConfig): RuleSpec {
  return {
    name: rule.name,
    forMs: rule.for,
    keepFiringForMs: rule.keepFiringFor,
    severity: rule.severity ?? DEFAULT_SEVERITY[rule.kind],
    labels: rule.labels,
    annotations: { ...DEFAULT_ANNOTATIONS[rule.kind], ...rule.annotations },
  };
}

export function ruleView(rule: RuleConfig, receivers: readonly string[]): RuleView {
  const spec = ruleSpec(rule);
  const {
    name,
    kind,
    for: _for,
    keepFiringFor: _keep,
    severity: _s,
    labels,
    annotations: _a,
    receivers: _r,
    ...params
  } = rule;
  return {
    name,
    kind,
    severity: spec.severity,
    forMs: spec.forMs,
    keepFiringForMs: spec.keepFiringForMs,
    receivers,
    labels,
    annotations: spec.annotations,
    params,
  };
}
