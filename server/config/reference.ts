import { pathToFileURL } from 'node:url';
import { formatDuration } from './duration.ts';
import { envVariableName } from './env.ts';
import type { ConfigField } from './fields.ts';
import { CONFIG_FIELDS } from './load.ts';

/**
 * The README's configuration reference, generated from the schema. A test compares it with
 * the README, so the documentation cannot drift from what the service accepts.
 * Print it with `npm run docs:config`.
 */
export function configReference(fields: readonly ConfigField[] = CONFIG_FIELDS): string {
  const rows = fields.map((field) => {
    const key = field.path.join('.').replaceAll('.*.', '[].');
    const env = field.fileOnly ? '(file only)' : envNames(field);
    return `| \`${key}\` | ${env} | ${kindOf(field)} | ${defaultOf(field)} | ${field.description ?? ''} |`;
  });
  return ['| Key | Environment | Type | Default | Notes |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

function envNames(field: ConfigField): string {
  const names = [envVariableName(field).replace('_CLUSTERS_0_', '_CLUSTERS_<n>_')];
  if (field.path[0] === 'clusters') {
    const rest = field.path.slice(2);
    names.push(
      rest.join('.') === 'name'
        ? 'KAFKA_CLUSTER_NAME'
        : `KAFKA_${envVariableName(field).split('_CLUSTERS_0_')[1]}`,
    );
  }
  const withFiles = field.secret ? names.flatMap((n) => [n, `${n}_FILE`]) : names;
  return withFiles.map((n) => `\`${n}\``).join(', ');
}

function kindOf(field: ConfigField): string {
  if (field.kind === 'enum') return field.values!.map((v) => `\`${v}\``).join(' \\| ');
  if (field.kind === 'list') return 'list (or comma-separated)';
  if (field.kind === 'duration') return 'duration (`15s`, `2m`, ms)';
  return field.secret ? `${field.kind}, secret (also \`…File\`)` : field.kind;
}

function defaultOf(field: ConfigField): string {
  const value = field.defaultValue;
  if (value === undefined) return field.optional ? '' : 'required';
  if (Array.isArray(value) && value.length === 0) return '';
  if (typeof value === 'object') return `\`${JSON.stringify(value)}\``;
  if (field.kind === 'duration' && typeof value === 'number') return `\`${formatDuration(value)}\``;
  return `\`${String(value)}\``;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.stdout.write(`${configReference()}\n`);
