// Just enough of a Dockerfile reader to check docker/Dockerfile without a Docker engine.

export interface Instruction {
  keyword: string;
  /** The arguments, with line continuations joined. */
  args: string;
  line: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (pending === undefined && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending !== undefined && trimmed.startsWith('#')) return; // comments inside a continuation
    const continues = trimmed.endsWith('\\');
    const part = continues ? trimmed.slice(0, -1) : trimmed;
    pending = pending ? { ...pending, text: `${pending.text} ${part}` } : { text: part, line: index + 1 };
    if (continues) return;
    const [keyword = '', ...rest] = pending.text.trim().split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

export interface Copy {
  /** `--from=stage`, when copying out of another stage or image. */
  from: string | undefined;
  sources: string[];
  destination: string;
  line: number;
}

/** COPY and ADD instructions, in shell form (`COPY a b dest`) or JSON form (`COPY ["a", "dest"]`). */
export function copies(instructions: Instruction[]): Copy[] {
  return instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((i) => {
      const words = i.args.trim().startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: paths.slice(0, -1), destination: paths[paths.length - 1] ?? '', line: i.line };
    });
}

/** The JSON (exec) form of CMD, ENTRYPOINT or `HEALTHCHECK … CMD [...]`. */
export function execForm(args: string): string[] {
  const start = args.indexOf('[');
  if (start < 0) throw new Error(`expected the exec (JSON) form, got: ${args}`);
  return JSON.parse(args.slice(start)) as string[];
}

/** `ENV A=1 B=2` (the `ENV A 1` legacy form is not used here). */
export function envOf(instructions: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const i of instructions.filter((x) => x.keyword === 'ENV')) {
    for (const pair of i.args.split(/\s+/).filter(Boolean)) {
      const at = pair.indexOf('=');
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  return env;
}

/**
 * Whether .dockerignore patterns leave `path` out of the build context: Docker's glob rules
 * (`*`, `?`, `**`), where a pattern that matches a folder also leaves out everything in it.
 * Exceptions (`!pattern`) are not used here and are refused rather than misread.
 */
export function isIgnored(path: string, patterns: string[]): boolean {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  const parts = clean.split('/');
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  return patterns.some((pattern) => {
    if (pattern.startsWith('!')) throw new Error(`exception patterns are not supported: ${pattern}`);
    const regex = globToRegex(pattern.replace(/^\//, '').replace(/\/$/, ''));
    return prefixes.some((prefix) => regex.test(prefix));
  });
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function dockerignorePatterns(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
