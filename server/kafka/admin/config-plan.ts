// Topic configs as an operator reads and edits them: pure, no I/O. DescribeConfigs with synonyms
// lists, for each key, the value in force first and then the ones below it (dynamic topic →
// dynamic broker → dynamic cluster default → static broker → default), which is how the source
// is known and what value a DELETE reverts to.

/** Kafka's ConfigSource ids (DescribeConfigsResponse.json). */
export const CONFIG_SOURCES: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'dynamic_topic',
  2: 'dynamic_broker',
  3: 'dynamic_default_broker',
  4: 'static_broker',
  5: 'default',
  6: 'dynamic_broker_logger',
  7: 'client_metrics',
  8: 'group',
};

export function sourceName(id: number): string {
  return CONFIG_SOURCES[id] ?? 'unknown';
}

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: string;
}

export interface TopicConfigEntry {
  name: string;
  /** Never the value of a sensitive config (Kafka sends null for those too). */
  value: string | null;
  source: string;
  sensitive: boolean;
  readOnly: boolean;
  synonyms: ConfigSynonym[];
}

export type ConfigEdit =
  | { name: string; operation: 'set'; value: string }
  | { name: string; operation: 'delete' };

export interface PlannedConfigChange {
  name: string;
  operation: 'set' | 'delete';
  oldValue: string | null;
  oldSource: string;
  /** For delete: the inherited value the key falls back to (null if unknown or sensitive). */
  newValue: string | null;
  newSource: string;
  /** For delete: the key the value is inherited from, e.g. log.retention.hours for retention.ms. */
  inheritedFrom: string | null;
  sensitive: boolean;
}

export class ConfigPlanError extends Error {}

/** What each edit changes, or ConfigPlanError for keys Kafka does not have or will not let change. */
export function planConfigChanges(
  entries: readonly TopicConfigEntry[],
  edits: readonly ConfigEdit[],
): PlannedConfigChange[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const seen = new Set<string>();
  return edits.map((edit) => {
    if (seen.has(edit.name)) throw new ConfigPlanError(`${edit.name} is edited twice`);
    seen.add(edit.name);
    const entry = byName.get(edit.name);
    if (entry === undefined) throw new ConfigPlanError(`topic has no config ${edit.name}`);
    if (entry.readOnly) throw new ConfigPlanError(`${edit.name} is read-only`);
    const hide = (value: string | null) => (entry.sensitive ? null : value);
    if (edit.operation === 'set') {
      return {
        name: edit.name,
        operation: 'set',
        oldValue: hide(entry.value),
        oldSource: entry.source,
        newValue: hide(edit.value),
        newSource: 'dynamic_topic',
        inheritedFrom: null,
        sensitive: entry.sensitive,
      };
    }
    if (entry.source !== 'dynamic_topic')
      throw new ConfigPlanError(
        `${edit.name} is not set on the topic (its value comes from ${entry.source})`,
      );
    // Broker synonyms without a value (log.retention.ms unset) do not decide; the next one does.
    const inherited = entry.synonyms.find((s) => s.source !== 'dynamic_topic' && s.value !== null);
    return {
      name: edit.name,
      operation: 'delete',
      oldValue: hide(entry.value),
      oldSource: entry.source,
      newValue: hide(inherited?.value ?? null),
      newSource: inherited?.source ?? 'default',
      inheritedFrom: inherited?.name ?? null,
      sensitive: entry.sensitive,
    };
  });
}

/** One line for the audit log: old → new per key, sensitive values never written. */
export function describeConfigChanges(changes: readonly PlannedConfigChange[]): string {
  return changes
    .map((c) => {
      if (c.sensitive) return `${c.name}: (sensitive) ${c.operation === 'set' ? 'set' : 'reverted'}`;
      const show = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
      const from = c.inheritedFrom && c.inheritedFrom !== c.name ? ` from ${c.inheritedFrom}` : '';
      return `${c.name}: ${show(c.oldValue)} (${c.oldSource}) → ${show(c.newValue)} (${c.newSource}${from})`;
    })
    .join('; ');
}

/** Kafka's refusal may quote the refused value: never the value of a sensitive config. */
export function hideSensitiveValues(
  message: string,
  changes: readonly PlannedConfigChange[],
  edits: readonly ConfigEdit[],
): string {
  const secret = new Set(changes.filter((c) => c.sensitive).map((c) => c.name));
  let hidden = message;
  for (const edit of edits)
    if (edit.operation === 'set' && secret.has(edit.name) && edit.value !== '')
      hidden = hidden.split(edit.value).join('(hidden)');
  return hidden;
}
