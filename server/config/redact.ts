import { CONFIG_FIELDS } from './load.ts';
import type { Config } from './schema.ts';

export const REDACTED = '<redacted>';

type Holder = Record<string, unknown>;

/** Calls `visit` with the object holding each secret that is set (as marked in the schema). */
function eachSecret(config: unknown, visit: (holder: Holder, key: string) => void): void {
  const walk = (node: unknown, path: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const [head, ...rest] = path;
    if (head === '*') {
      if (Array.isArray(node)) for (const item of node) walk(item, rest);
    } else if (rest.length > 0) {
      walk((node as Holder)[head!], rest);
    } else if ((node as Holder)[head!] !== undefined) {
      visit(node as Holder, head!);
    }
  };
  for (const field of CONFIG_FIELDS) if (field.secret) walk(config, field.path);
}

/** A deep copy of the config with every secret replaced by `<redacted>`. */
export function redactConfig(config: Config): Config {
  const copy = structuredClone(config);
  eachSecret(copy, (holder, key) => {
    holder[key] = REDACTED;
  });
  return copy;
}

/** Every secret value in the config, so logs and responses can be checked for leaks. */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  eachSecret(config, (holder, key) => values.push(String(holder[key])));
  return values;
}
