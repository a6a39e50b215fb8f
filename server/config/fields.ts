import { z } from 'zod';

/**
 * The leaves of the config schema, found by walking it once. Environment variable names,
 * `*_FILE` secret variants, redaction and the README's reference all come from this list,
 * so a key added to the schema is automatically configurable, redacted and documented.
 */
export interface ConfigField {
  /** Path from the root; `*` stands for an index into a list of objects (clusters). */
  path: string[];
  /** Set in the config file only, no environment variable (maps, lists of rules, receivers...). */
  fileOnly: boolean;
  kind: 'string' | 'number' | 'boolean' | 'list' | 'duration' | 'enum' | 'map';
  secret: boolean;
  optional: boolean;
  description?: string;
  values?: string[];
  defaultValue?: unknown;
}

type Schema = z.core.$ZodType;

interface Walk {
  secret: boolean;
  fileOnly: boolean;
  optional: boolean;
  description?: string;
  defaultValue?: unknown;
}

interface Meta {
  secret?: boolean;
  fileOnly?: boolean;
  description?: string;
}

function meta(schema: Schema): Meta {
  return (z.globalRegistry.get(schema) ?? {}) as Meta;
}

export function configFields(root: Schema): ConfigField[] {
  return visit(root, [], { secret: false, fileOnly: false, optional: false });
}

function visit(schema: Schema, path: string[], walk: Walk): ConfigField[] {
  const m = meta(schema);
  const here: Walk = {
    ...walk,
    secret: walk.secret || m.secret === true,
    fileOnly: walk.fileOnly || m.fileOnly === true,
    description: walk.description ?? m.description,
  };
  const def = schema._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
      return visit((def as z.core.$ZodOptionalDef).innerType, path, { ...here, optional: true });
    case 'default':
    case 'prefault': {
      const inner = def as z.core.$ZodDefaultDef;
      return visit(inner.innerType, path, { ...here, optional: true, defaultValue: inner.defaultValue });
    }
    case 'pipe': {
      const pipe = def as z.core.$ZodPipeDef;
      // z.preprocess(fn, S) is pipe(transform, S): the shape is the output side.
      // A validated-then-transformed value (durations) is described by its input side.
      if (pipe.in._zod.def.type === 'transform') return visit(pipe.out, path, here);
      if (isDuration(pipe.in)) return leaf('duration', path, here);
      return visit(pipe.in, path, here);
    }
    case 'object': {
      const shape = (def as z.core.$ZodObjectDef).shape;
      return Object.entries(shape).flatMap(([key, child]) =>
        visit(child, [...path, key], {
          ...here,
          optional: false,
          description: undefined,
          defaultValue: undefined,
        }),
      );
    }
    case 'array': {
      const element = (def as z.core.$ZodArrayDef).element;
      if (isObjectLike(unwrap(element))) {
        return visit(element, [...path, '*'], { ...here, description: undefined, defaultValue: undefined });
      }
      return leaf('list', path, here);
    }
    case 'union': {
      // A discriminated union (alert channels): the keys of every option, each once; a key is
      // secret when any option marks it so, optional since not every option has it, and its
      // notes say which option means what ("dingtalk, feishu: …").
      const { options, discriminator } = def as z.core.$ZodDiscriminatedUnionDef;
      if (!isObjectLike(schema)) return leaf('string', path, here);
      return mergeOptions(
        options.map((option) => ({
          tag: discriminator ? literalOf(option, discriminator) : undefined,
          fields: visit(option, path, { ...here, optional: true }),
        })),
      );
    }
    case 'literal':
      return leaf('enum', path, here, (def as z.core.$ZodLiteralDef<string>).values.map(String));
    case 'record':
      // A map's keys are data (e.g. jmx.urls by broker id), so no variable name can be made for them.
      return leaf('map', path, { ...here, fileOnly: true });
    case 'enum':
      return leaf('enum', path, here, Object.values((def as z.core.$ZodEnumDef).entries).map(String));
    case 'number':
      return leaf('number', path, here);
    case 'boolean':
      return leaf('boolean', path, here);
    default:
      return leaf('string', path, here);
  }
}

function leaf(kind: ConfigField['kind'], path: string[], walk: Walk, values?: string[]): ConfigField[] {
  const { secret, fileOnly, optional, description, defaultValue } = walk;
  return [{ path, kind, secret, fileOnly, optional, description, values, defaultValue }];
}

function mergeOptions(options: { tag: string | undefined; fields: ConfigField[] }[]): ConfigField[] {
  const byPath = new Map<string, { field: ConfigField; notes: Map<string, string[]>; count: number }>();
  for (const { tag, fields } of options) {
    for (const field of fields) {
      const key = field.path.join('.');
      const seen = byPath.get(key) ?? { field: { ...field, optional: true }, notes: new Map(), count: 0 };
      byPath.set(key, seen);
      seen.count += 1;
      seen.field.secret ||= field.secret;
      if (seen.count > 1 && seen.field.kind === 'enum' && field.kind === 'enum') {
        seen.field.values = [...new Set([...(seen.field.values ?? []), ...(field.values ?? [])])];
      }
      if (field.description)
        seen.notes.set(field.description, [...(seen.notes.get(field.description) ?? []), tag ?? '']);
    }
  }
  return [...byPath.values()].map(({ field, notes, count }) => {
    const [only] = notes.keys();
    const shared = notes.size === 1 && count === options.length;
    const description = shared
      ? only
      : [...notes]
          .map(([text, tags]) => [tags.filter(Boolean).join(', '), text].filter(Boolean).join(': '))
          .join(' ') || undefined;
    return { ...field, description };
  });
}

function literalOf(option: Schema, key: string): string | undefined {
  const shape = (option._zod.def as Partial<z.core.$ZodObjectDef>).shape;
  const field = shape?.[key]?._zod.def;
  return field?.type === 'literal' ? String((field as z.core.$ZodLiteralDef<string>).values[0]) : undefined;
}

function unwrap(schema: Schema): Schema {
  const def = schema._zod.def;
  if (
    def.type === 'optional' ||
    def.type === 'default' ||
    def.type === 'prefault' ||
    def.type === 'nullable'
  ) {
    return unwrap((def as z.core.$ZodOptionalDef).innerType);
  }
  return schema;
}

/** An object, or a union of objects (a discriminated union). */
function isObjectLike(schema: Schema): boolean {
  const def = schema._zod.def;
  if (def.type === 'object') return true;
  if (def.type !== 'union') return false;
  return (def as z.core.$ZodUnionDef).options.every((o) => unwrap(o)._zod.def.type === 'object');
}

function isDuration(schema: Schema): boolean {
  const def = schema._zod.def;
  if (def.type !== 'union') return false;
  const kinds = (def as z.core.$ZodUnionDef).options.map((o) => o._zod.def.type).sort();
  return kinds.join(',') === 'number,string';
}

/** `sasl.password` → `SASL_PASSWORD`, `dataDir` → `DATA_DIR`. */
export function envSegment(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
