import type { Labels, Severity } from './api.ts';
import { type AlertInstance, type ResolvedAlert, resolvedAt } from './instance.ts';
import { fingerprint } from './labels.ts';
import type { Candidate } from './rules/candidate.ts';
import { renderAll } from './template.ts';

/** What the state machine needs of a rule (the config, with its defaults resolved). */
export interface RuleSpec {
  name: string;
  forMs: number;
  keepFiringForMs: number;
  severity: Severity;
  labels: Labels;
  annotations: Labels;
}

export interface StepResult {
  /** The rule's instances in this cluster after the step: pending and firing. */
  active: AlertInstance[];
  /** Instances that started firing in this step. */
  fired: AlertInstance[];
  /** Instances that stopped firing in this step. */
  resolved: ResolvedAlert[];
}

/**
 * One evaluation of one rule on one cluster, with Prometheus' semantics: a new condition is
 * pending until it held for `for` (firing at once when `for` is 0); a pending one that clears
 * is dropped silently; a firing one that clears keeps firing for `keepFiringFor`, then resolves.
 * `candidates` undefined means "no data" (cluster unreachable): everything stays as it was.
 */
export function step(
  rule: RuleSpec,
  cluster: string,
  candidates: readonly Candidate[] | undefined,
  current: readonly AlertInstance[],
  now: number,
): StepResult {
  if (candidates === undefined) return { active: [...current], fired: [], resolved: [] };
  const before = new Map(current.map((a) => [a.fingerprint, a]));
  const active: AlertInstance[] = [];
  const fired: AlertInstance[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const identity: Labels = { ...rule.labels, ...candidate.labels, alertname: rule.name, cluster };
    const id = fingerprint(identity);
    if (seen.has(id)) continue;
    seen.add(id);
    const severity = candidate.severity ?? rule.severity;
    const labels = { ...identity, severity };
    const annotations = renderAll(rule.annotations, { labels, value: candidate.value, vars: candidate.vars });
    const old = before.get(id);
    const activeAt = old?.activeAt ?? now;
    const firing = old?.state === 'firing' || now - activeAt >= rule.forMs;
    const instance: AlertInstance = {
      fingerprint: id,
      rule: rule.name,
      cluster,
      labels,
      annotations,
      severity,
      value: candidate.value,
      valueText: candidate.valueText ?? null,
      state: firing ? 'firing' : 'pending',
      activeAt,
      firedAt: old?.firedAt ?? (firing ? now : null),
      lastSeenAt: now,
    };
    if (firing && old?.state !== 'firing') fired.push(instance);
    active.push(instance);
  }
  const resolved: ResolvedAlert[] = [];
  for (const old of current) {
    const ended = seen.has(old.fingerprint) ? undefined : resolvedAt(old, now);
    if (!ended) continue;
    if (now - old.lastSeenAt < rule.keepFiringForMs) active.push(old);
    else resolved.push(ended);
  }
  return { active, fired, resolved };
}
