import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/**
 * Renderings of the exposition kept until what they show changes. Keys are formats; a key with
 * a `+gzip` suffix is the compressed body of its format. Each change moves the generation on;
 * keys rendered before (scraped at least once) are rendered again right after, off the
 * caller's path, so the next scrape finds them ready.
 */
export class RenderCache {
  private generation = 0;
  /** The latest finished rendering per key, and the one under way. */
  private readonly rendered = new Map<string, { generation: number; body: Buffer }>();
  private readonly rendering = new Map<string, { generation: number; body: Promise<Buffer> }>();
  /** Keys asked for at least once: re-rendered right after each change. */
  private readonly warm = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  /** `render(format, isCurrent)` writes the plain body; `isCurrent()` turns false once it is stale. */
  constructor(private readonly render: (format: string, isCurrent: () => boolean) => Promise<Buffer>) {}

  /** What the renderings show has changed. */
  invalidate(): void {
    this.generation++;
    for (const key of this.warm) {
      // Off the caller's path: the render runs once the current task is done.
      setImmediate(() => void this.get(key).catch(() => undefined));
    }
  }

  /** The body for `format` (gzip-compressed with `gzipped`), from the cache when current. */
  body(format: string, gzipped: boolean): Promise<Buffer> {
    const key = gzipped ? `${format}+gzip` : format;
    this.warm.add(key);
    return this.get(key, true);
  }

  /**
   * The cached body when it is current. While the current one is being rendered (right after
   * a change, for keys asked before), a caller that may take it gets the previous body at once
   * instead of waiting: one change older, and never slow. The caller that starts a render waits.
   */
  private get(key: string, previousWhileRendering = false): Promise<Buffer> {
    const generation = this.generation;
    const done = this.rendered.get(key);
    if (done?.generation === generation) return Promise.resolve(done.body);
    const running = this.rendering.get(key);
    if (running?.generation === generation)
      return previousWhileRendering && done ? Promise.resolve(done.body) : running.body;
    const [format = '', encoding] = key.split('+');
    const body =
      encoding === 'gzip'
        ? this.get(format).then((plain) => gzipAsync(plain, { level: 4 }))
        : this.exclusive(() => this.render(format, () => this.generation === generation));
    const entry = { generation, body };
    this.rendering.set(key, entry);
    body
      .then(
        (buffer) => {
          // A plain body rendered only to be compressed is not kept: at 100,000 partitions it is
          // 100s of MB, and Prometheus asks for gzip.
          if (!this.warm.has(key)) return;
          if ((this.rendered.get(key)?.generation ?? -1) < generation) {
            this.rendered.set(key, { generation, body: buffer });
          }
        },
        () => undefined, // a failed render is not kept: the next caller tries again
      )
      .finally(() => {
        if (this.rendering.get(key) === entry) this.rendering.delete(key);
      });
    return body;
  }

  /** One plain render at a time: they share the registry's content-type switch. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
