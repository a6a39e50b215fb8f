// The Prometheus text format (and OpenMetrics, which writes the same lines for gauges), written
// exactly as prom-client writes it: the same escaping, number formatting and separators, so
// the series written straight from the snapshot read the same as those prom-client renders.

export type FamilyType = 'gauge' | 'untyped';
export type TextFormat = 'prometheus' | 'openmetrics';

/** One metric family: its name, help, type and label names (in the order they are written). */
export interface FamilyDef<L extends string = string> {
  name: string;
  help: string;
  type: FamilyType;
  labels: readonly L[];
}

const NEEDS_ESCAPE = /[\\\n"]/;

/** HELP text and metric names: backslash and newline escaped. */
export const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** A label value as it goes between the quotes. */
export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return escapeHelp(value).replace(/"/g, '\\"');
}

/** `name="value"`, escaped; label sets are these joined by commas. */
export const label = (name: string, value: string): string => `${name}="${escapeLabelValue(value)}"`;

/** A sample value as prom-client formats it (`Nan`, `+Inf`, `-Inf` included). */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'Nan';
  if (!Number.isFinite(value)) return value < 0 ? '-Inf' : '+Inf';
  return `${value}`;
}

/** "No type": `untyped` in the Prometheus text format, `unknown` in OpenMetrics. */
export const typeName = (type: FamilyType, format: TextFormat): string =>
  type === 'untyped' && format === 'openmetrics' ? 'unknown' : type;

/** The `# HELP` and `# TYPE` lines of a family, without a trailing newline. */
export function familyHeader(family: FamilyDef, format: TextFormat): string {
  const name = escapeHelp(family.name);
  return `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${typeName(family.type, format)}`;
}

/** Between two families: a blank line in the Prometheus text format, none in OpenMetrics. */
export const familySeparator = (format: TextFormat): string => (format === 'openmetrics' ? '\n' : '\n\n');

/** What ends the whole exposition. */
export const expositionEnd = (format: TextFormat): string => (format === 'openmetrics' ? '\n# EOF\n' : '\n');

/**
 * Text written into 1 MiB buffers and handed out as slices of them: no string of the whole
 * exposition (100s of MB at 100,000 partitions) is ever built, and each line's string dies young.
 *
 * The buffers are reused: what take() hands out is valid until the next write. Fresh ones were
 * the size of every render (351 MB at 100,000 partitions, 17 MB at 10,000) outside the heap,
 * promoted while zlib held them and freed only by the next full collection: RSS between
 * collections, and collections brought forward to free them. The pool grows to the largest
 * family written between two takes.
 */
const SLAB = 1 << 20;
/** Lines are gathered into a string this long before being encoded: one write per batch. */
const BATCH = 16_384;

export class ChunkWriter {
  private readonly slabs: Buffer[] = [];
  /** The slab being written, its part not yet handed out (from `start`), and its end (`at`). */
  private slab = 0;
  private start = 0;
  private at = 0;
  private done: Buffer[] = [];
  private pending = '';

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= BATCH) this.encode();
  }

  /** What was written since the last take, as buffers; valid until the next write. */
  take(): Buffer[] {
    this.encode();
    this.seal();
    const chunks = this.done;
    this.done = [];
    // The next write starts over in the first slab: the caller is done with these by then.
    this.slab = this.start = this.at = 0;
    return chunks;
  }

  private encode(): void {
    const text = this.pending;
    this.pending = '';
    if (text === '') return;
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    if (this.at + text.length * 3 > SLAB) {
      this.seal();
      if (text.length * 3 > SLAB) {
        this.done.push(Buffer.from(text));
        return;
      }
      this.slab++;
      this.start = this.at = 0;
    }
    this.at += this.current().write(text, this.at);
  }

  private current(): Buffer {
    this.slabs[this.slab] ??= Buffer.allocUnsafe(SLAB);
    return this.slabs[this.slab]!;
  }

  private seal(): void {
    if (this.at > this.start) this.done.push(this.current().subarray(this.start, this.at));
    this.start = this.at;
  }
}

/**
 * The sample lines of one family. `labels` is the label set already written (`a="x",b="y"`),
 * so callers build the shared prefix (cluster, topic) once for many samples. With `dedupe`, a
 * label set set twice keeps its first place and its last value, as a prom-client gauge does;
 * without it (families whose label sets are unique by construction: one per partition, group...
 * of the snapshot) each line goes straight to the writer and no index of 100,000s of label sets
 * is kept.
 */
export class FamilySamples {
  private lines: string[] = [];
  private readonly index: Map<string, number> | undefined;
  private count = 0;

  constructor(
    private readonly name: string,
    private readonly out: { write(text: string): void },
    dedupe = false,
  ) {
    this.index = dedupe ? new Map() : undefined;
  }

  get size(): number {
    return this.count;
  }

  /** Sets the sample; any number, as a prom-client gauge's set() takes it. */
  set(labels: string, value: number): void {
    const line = `\n${this.name}{${labels}} ${formatValue(value)}`;
    if (!this.index) {
      this.out.write(line);
      this.count++;
      return;
    }
    const at = this.index.get(labels);
    if (at === undefined) {
      this.index.set(labels, this.lines.length);
      this.lines.push(line);
      this.count++;
    } else this.lines[at] = line;
  }

  /** Sets the sample only when the value is known (a finite number). */
  setKnown(labels: string, value: number | null | undefined): void {
    if (value !== null && value !== undefined && Number.isFinite(value)) this.set(labels, value);
  }

  /** Writes out the lines held back for deduplication; each line starts with a newline. */
  flush(): void {
    for (const line of this.lines) this.out.write(line);
    this.lines = [];
    this.index?.clear();
  }
}
