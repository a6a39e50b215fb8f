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

/** Whether .dockerignore patterns leave `path` out of the build context (names, `*.ext`, and names at any depth). */
export function isIgnored(path: string, patterns: string[]): boolean {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  return patterns.some((pattern) => {
    const anyDepth = pattern.startsWith('**/');
    const p = pattern.replace(/^\*\*\//, '').replace(/\/$/, '');
    if (p.startsWith('*.')) return clean.endsWith(p.slice(1));
    const parts = clean.split('/');
    if (anyDepth) return parts.includes(p);
    return clean === p || clean.startsWith(`${p}/`);
  });
}

export function dockerignorePatterns(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
