import { accessSync, constants, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type EnvOverride, formatPath, readEnv } from './env.ts';
import { type ConfigField, configFields } from './fields.ts';
import { type Config, configSchema } from './schema.ts';

/** A configuration problem; the message names the key (or variable), the problem and the file. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadOptions {
  /** Path from `--config`; wins over KESTREL_CONFIG. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface LoadedConfig {
  config: Config;
  /** The file read, if any. */
  file?: string;
}

export const CONFIG_FIELDS: ConfigField[] = configFields(configSchema);

type Raw = Record<string, unknown>;

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const given = options.configPath ?? env.KESTREL_CONFIG;
  const file = given ? resolve(cwd, given) : undefined;
  const where = file ? ` (config file ${file})` : '';
  const problems: string[] = [];

  const raw: Raw = file ? readYaml(file) : {};
  problems.push(...resolveSecretFiles(raw, cwd));

  const { overrides, errors } = readEnv(CONFIG_FIELDS, env);
  problems.push(...errors);
  const fromEnv = new Map<string, string>();
  for (const override of overrides) {
    try {
      setPath(raw, override.path, envValue(override, cwd));
      fromEnv.set(formatPath(override.path), override.variable);
    } catch (error) {
      problems.push(`${override.variable}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(report(problems, where));
  nameShorthandCluster(raw, overrides);

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      report(
        parsed.error.issues.flatMap((issue) => describeIssue(issue, raw, fromEnv)),
        where,
      ),
    );
  }
  const unreadable = unreadableTlsFiles(parsed.data, cwd);
  if (unreadable.length > 0) throw new ConfigError(report(unreadable, where));
  return { config: parsed.data, file };
}

/** `KAFKA_BROKERS=...` alone describes the one cluster; like the no-config default, it is called "local". */
function nameShorthandCluster(raw: Raw, overrides: EnvOverride[]): void {
  const first = Array.isArray(raw.clusters) ? (raw.clusters[0] as Raw | undefined) : undefined;
  if (first && first.name === undefined && overrides.some((o) => o.variable.startsWith('KAFKA_'))) {
    first.name = 'local';
  }
}

function report(problems: string[], where: string): string {
  return `invalid configuration${where}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

function readYaml(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const at = first.linePos?.[0] ? ` at line ${first.linePos[0].line}, column ${first.linePos[0].col}` : '';
    throw new ConfigError(`config file ${file} is not valid YAML${at}: ${first.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS() ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`config file ${file} must be a YAML mapping of keys to values`);
  }
  return value as Raw;
}

/** Replace `passwordFile: /run/secrets/x` (for every secret key) by the file's content. */
function resolveSecretFiles(raw: Raw, cwd: string): string[] {
  const problems: string[] = [];
  for (const field of CONFIG_FIELDS.filter((f) => f.secret)) {
    const key = field.path[field.path.length - 1]!;
    for (const parent of objectsAt(raw, field.path.slice(0, -1), [])) {
      const fileKey = `${key}File`;
      const target = parent.value[fileKey];
      if (target === undefined) continue;
      const name = formatPath([...parent.path, fileKey]);
      if (parent.value[key] !== undefined) {
        problems.push(`${name}: set either ${key} or ${fileKey}, not both`);
      } else if (typeof target !== 'string') {
        problems.push(`${name}: expected a file path`);
      } else {
        try {
          parent.value[key] = readSecret(target, cwd);
        } catch (error) {
          problems.push(`${name}: ${(error as Error).message}`);
        }
      }
      delete parent.value[fileKey];
    }
  }
  return problems;
}

function readSecret(path: string, cwd: string): string {
  try {
    // Secret files usually end with a newline that is not part of the secret.
    return readFileSync(resolve(cwd, path), 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new Error(`cannot read secret file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function objectsAt(
  value: unknown,
  path: string[],
  at: (string | number)[],
): { value: Raw; path: (string | number)[] }[] {
  if (value === null || typeof value !== 'object') return [];
  if (path.length === 0) return Array.isArray(value) ? [] : [{ value: value as Raw, path: at }];
  const [head, ...rest] = path;
  if (head === '*') {
    return Array.isArray(value) ? value.flatMap((item, i) => objectsAt(item, rest, [...at, i])) : [];
  }
  return objectsAt((value as Raw)[head!], rest, [...at, head!]);
}

function envValue(override: EnvOverride, cwd: string): unknown {
  if (override.fromFile) return readSecret(override.value, cwd);
  const text = override.value.trim();
  switch (override.field.kind) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      if (/^(true|yes|1|on)$/i.test(text)) return true;
      if (/^(false|no|0|off)$/i.test(text)) return false;
      return text;
    default:
      return override.value;
  }
}

function setPath(root: Raw, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) {
      node[seg] = value;
      return;
    }
    const nextIsIndex = typeof path[i + 1] === 'number';
    const existing = node[seg];
    if (existing === undefined || existing === null) {
      node[seg] = nextIsIndex ? [] : {};
    } else if (typeof existing !== 'object' || Array.isArray(existing) !== nextIsIndex) {
      throw new Error(
        `cannot override ${formatPath(path.slice(0, i + 1))}: the file gives it a different shape`,
      );
    }
    node = node[seg] as Record<string | number, unknown>;
  });
}

function getPath(root: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, seg) => (node && typeof node === 'object' ? (node as Raw)[seg as string] : undefined),
    root,
  );
}

function describeIssue(issue: z.core.$ZodIssue, raw: Raw, fromEnv: Map<string, string>): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`);
  }
  const name = formatPath(issue.path) || '(top level)';
  const source = envSource(issue.path, fromEnv);
  const value = getPath(raw, issue.path);
  const secret = isSecretPath(issue.path);
  const got = value === undefined ? '' : secret ? '' : ` (got ${JSON.stringify(value)})`;
  const message = value === undefined && issue.code === 'invalid_type' ? 'required' : issue.message;
  return [`${name}${source}: ${message}${got}`];
}

/** Names the variable that set this key, or that created the object it belongs to. */
function envSource(path: readonly PropertyKey[], fromEnv: Map<string, string>): string {
  for (let n = path.length; n > 0; n--) {
    const variable = fromEnv.get(formatPath(path.slice(0, n)));
    if (variable) return ` (from ${variable})`;
  }
  const parent = formatPath(path.slice(0, -1));
  if (!parent) return '';
  const sibling = [...fromEnv].find(([key]) => key.startsWith(`${parent}.`));
  return sibling ? ` (${parent} is set by ${sibling[1]})` : '';
}

function isSecretPath(path: readonly PropertyKey[]): boolean {
  const pattern = path.map((seg) => (typeof seg === 'number' ? '*' : String(seg))).join('.');
  return CONFIG_FIELDS.some((f) => f.secret && pattern.startsWith(f.path.join('.')));
}

function unreadableTlsFiles(config: Config, cwd: string): string[] {
  const problems: string[] = [];
  config.clusters.forEach((cluster, i) => {
    for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
      const path = cluster.tls?.[key];
      if (!path) continue;
      try {
        accessSync(resolve(cwd, path), constants.R_OK);
      } catch (error) {
        problems.push(
          `clusters[${i}].tls.${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
        );
      }
    }
  });
  return problems;
}
