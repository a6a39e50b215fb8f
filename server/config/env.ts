import { type ConfigField, envSegment } from './fields.ts';

/** One value taken from the environment, to be written into the raw config at `path`. */
export interface EnvOverride {
  path: (string | number)[];
  value: string;
  /** The variable it came from, named in errors. */
  variable: string;
  /** The variable named a file whose content is the (secret) value. */
  fromFile: boolean;
  field: ConfigField;
}

const PREFIX = 'KESTREL_';
/** Variables with the KESTREL_ prefix that are not config keys. */
const NOT_CONFIG = new Set(['KESTREL_CONFIG']);

interface Pattern {
  regex: RegExp;
  field: ConfigField;
  /** Index fixed by the pattern (the KAFKA_* shorthand is cluster 0). */
  fixedIndex?: number;
}

/**
 * Every variable a field answers to: `KESTREL_DATA_DIR`, `KESTREL_CLUSTERS_3_SASL_PASSWORD`,
 * and for the first cluster the shorthand `KAFKA_BROKERS`, `KAFKA_SASL_PASSWORD`, ... .
 * Secret fields also answer to the same name with `_FILE`.
 */
function patterns(fields: ConfigField[]): Pattern[] {
  const out: Pattern[] = [];
  for (const field of fields) {
    if (field.fileOnly) continue;
    const suffix = field.secret ? '(_FILE)?' : '()';
    const name = field.path.map((p) => (p === '*' ? '(\\d+)' : envSegment(p))).join('_');
    out.push({ regex: new RegExp(`^${PREFIX}${name}${suffix}$`), field });
    if (field.path[0] === 'clusters' && field.path[1] === '*') {
      const rest = field.path.slice(2);
      const short = rest.length === 1 && rest[0] === 'name' ? 'CLUSTER_NAME' : rest.map(envSegment).join('_');
      out.push({ regex: new RegExp(`^KAFKA_${short}${suffix}$`), field, fixedIndex: 0 });
    }
  }
  return out;
}

export function envVariableName(field: ConfigField, index = 0): string {
  return PREFIX + field.path.map((p) => (p === '*' ? String(index) : envSegment(p))).join('_');
}

export function readEnv(
  fields: ConfigField[],
  env: NodeJS.ProcessEnv,
): { overrides: EnvOverride[]; errors: string[] } {
  const all = patterns(fields);
  const overrides: EnvOverride[] = [];
  const errors: string[] = [];
  const claimed = new Map<string, string>();
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined || NOT_CONFIG.has(variable)) continue;
    if (!variable.startsWith(PREFIX) && !variable.startsWith('KAFKA_')) continue;
    const match = all.map((p) => ({ p, m: p.regex.exec(variable) })).find((x) => x.m);
    if (!match?.m) {
      // KAFKA_* is shared with Kafka's own tooling (KAFKA_HEAP_OPTS...): only our prefix is strict.
      if (variable.startsWith(PREFIX)) errors.push(`${variable}: unknown configuration variable`);
      continue;
    }
    const { p, m } = match;
    // The last group is the optional _FILE suffix; the ones before it are list indexes.
    const fromFile = m[m.length - 1] === '_FILE';
    const indexes = m.slice(1, -1).map(Number);
    let i = 0;
    const path = p.field.path.map((seg) => (seg === '*' ? (p.fixedIndex ?? indexes[i++]!) : seg));
    const key = path.join('.');
    const previous = claimed.get(key);
    if (previous) {
      errors.push(`${variable}: sets the same key (${formatPath(path)}) as ${previous}; use one`);
      continue;
    }
    claimed.set(key, variable);
    overrides.push({ path, value, variable, fromFile, field: p.field });
  }
  return { overrides, errors };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
    '',
  );
}
