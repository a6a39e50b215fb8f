import { gunzipSync } from 'node:zlib';
import { uncompressSync } from 'lz4-napi';
import { describe, expect, it, vi } from 'vitest';
import { RenderCache, type Rendering, WARM_FOR_MS } from './render-cache.ts';

/**
 * A renderer that writes `lines` lines per chunk into one buffer it reuses, as the exposition's
 * ChunkWriter does: a compressor still reading a chunk when the next is asked for would keep
 * the later text in place of the earlier.
 */
function reusingRenderer(version: () => number, chunks = 40, lines = 5_000) {
  const expected = () =>
    Array.from({ length: chunks * lines }, (_, i) => `series{i="${i}"} ${version()}\n`).join('');
  async function* render(format: string): AsyncGenerator<Buffer> {
    const slab = Buffer.alloc(1 << 20);
    for (let c = 0; c < chunks; c++) {
      let at = 0;
      for (let l = 0; l < lines; l++) at += slab.write(`series{i="${c * lines + l}"} ${version()}\n`, at);
      yield slab.subarray(0, at);
      slab.fill(format.length); // what a reused buffer holds once the next chunk is being written
    }
  }
  return { render, expected };
}

const plainText = (rendering: Rendering) =>
  Buffer.concat((rendering.plain ?? []).map((block) => uncompressSync(block))).toString();

describe('RenderCache', () => {
  it('keeps gzip, and LZ4 blocks of the same text once a plain scrape has asked', async () => {
    let version = 1;
    const { render, expected } = reusingRenderer(() => version);
    const cache = new RenderCache(render);

    const zippedOnly = await cache.latest('prometheus', false);
    expect(zippedOnly.plain).toBeNull();
    expect(gunzipSync(zippedOnly.gzip).toString()).toBe(expected());
    // A plain caller gets what is current; the LZ4 blocks come with the next rendering.
    expect(await cache.latest('prometheus', true)).toBe(zippedOnly);

    version = 2;
    cache.invalidate();
    await vi.waitFor(async () => expect((await cache.latest('prometheus', false)).plain).not.toBeNull());
    const both = await cache.latest('prometheus', false);
    expect(plainText(both)).toBe(expected());
    expect(gunzipSync(both.gzip).toString()).toBe(expected());
    // Each chunk (about 100 KB here) in blocks of at most 64 KiB, the size they inflate to.
    expect(both.plain!.length).toBe(80);
    // Each block is compressed: the text is repetitive, its LZ4 a fraction of it.
    const lz4Bytes = both.plain!.reduce((sum, block) => sum + block.length, 0);
    expect(lz4Bytes).toBeLessThan(Buffer.byteLength(expected()) / 3);
  });

  it('keeps the formats apart, and renders only the ones asked for again', async () => {
    let renders = 0;
    const { render } = reusingRenderer(() => renders, 2, 10);
    const cache = new RenderCache(async function* (format) {
      renders++;
      yield* render(format);
    });
    await cache.latest('prometheus', true);
    expect(renders).toBe(1);
    cache.invalidate();
    await vi.waitFor(() => expect(renders).toBe(2));
    const prometheus = await cache.latest('prometheus', true);
    expect(prometheus.plain).not.toBeNull();
    const openmetrics = await cache.latest('openmetrics', false);
    expect(renders).toBe(3);
    expect(openmetrics.plain).toBeNull();
    expect(await cache.latest('prometheus', false)).toBe(prometheus);
  });

  it('stops rendering ahead a format, and its LZ4 blocks, that no scrape asked for in WARM_FOR_MS', async () => {
    let clock = 0;
    const renders: string[] = [];
    const { render } = reusingRenderer(() => renders.length, 2, 10);
    const cache = new RenderCache(
      async function* (format) {
        renders.push(format);
        yield* render(format);
      },
      () => clock,
    );
    // What a change renders ahead: renders run one at a time in order, so once a format never
    // asked before is rendered, so is everything the change scheduled.
    const rendersAfter = async (change: () => void) => {
      const before = renders.length;
      change();
      await new Promise((resolve) => setImmediate(resolve));
      await cache.latest(`probe-${before}`, false);
      return renders.slice(before).filter((format) => !format.startsWith('probe'));
    };
    await cache.latest('prometheus', true); // a curl of the text, once
    await cache.latest('openmetrics', true); // and of OpenMetrics, once
    expect(await rendersAfter(() => cache.invalidate())).toEqual(['prometheus', 'openmetrics']);
    expect((await cache.latest('prometheus', false)).plain).not.toBeNull();
    expect((await cache.latest('openmetrics', false)).plain).not.toBeNull();

    clock = WARM_FOR_MS / 2;
    await cache.latest('prometheus', false); // Prometheus keeps scraping, with gzip
    clock = WARM_FOR_MS + 1;
    expect(await rendersAfter(() => cache.invalidate())).toEqual(['prometheus']);
    expect((await cache.latest('prometheus', false)).plain).toBeNull();
    // Asked again, it is rendered on demand, and the plain text it was last asked for is stale.
    const again = await cache.latest('openmetrics', false);
    expect(renders.at(-1)).toBe('openmetrics');
    expect(again.plain).toBeNull();
  });

  it('keeps nothing of a render that finishes after its format stopped being asked for', async () => {
    let clock = 0;
    let version = 1;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { render } = reusingRenderer(() => version, 2, 10);
    const cache = new RenderCache(
      async function* (format) {
        if (version === 2) await gate;
        yield* render(format);
      },
      () => clock,
    );
    await cache.latest('openmetrics', false);
    version = 2;
    cache.invalidate(); // its render ahead starts, and waits
    await new Promise((resolve) => setImmediate(resolve));
    clock = WARM_FOR_MS + 1;
    cache.invalidate(); // nobody asked for it in WARM_FOR_MS: forgotten
    release();
    // Asked for again, twice: the first caller starts a render; the second, while it runs, would
    // get the previous rendering at once, and there is none to give: that late render is gone.
    await cache.latest('probe', false); // the late render is done
    version = 3;
    const first = cache.latest('openmetrics', false);
    const second = await cache.latest('openmetrics', false);
    expect(gunzipSync(second.gzip).toString()).toContain('} 3\n');
    expect(second).toBe(await first);
  });
});
