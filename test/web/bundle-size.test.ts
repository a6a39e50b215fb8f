import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ensureWebBuilt,
  INITIAL_JS_BUDGET_BYTES,
  initialScriptPaths,
  measureInitialJs,
  WEB_DIST,
} from './support/bundle.ts';

describe('web bundle', () => {
  beforeAll(ensureWebBuilt, 120_000);

  it('finds module scripts and modulepreloads, nothing else', () => {
    const html = `<script type="module" crossorigin src="/assets/index-a.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-b.js">
      <link rel="stylesheet" href="/assets/index-c.css"><script src="/legacy.js"></script>`;
    expect(initialScriptPaths(html)).toEqual(['/assets/index-a.js', '/assets/vendor-b.js']);
  });

  it(`keeps the initial JavaScript within ${INITIAL_JS_BUDGET_BYTES / 1024} KB gzipped, with uPlot loaded later`, () => {
    const initial = measureInitialJs();
    console.log(`initial JS: ${(initial.gzipBytes / 1024).toFixed(1)} KB gzipped`, initial.files);
    expect(initial.files.length).toBeGreaterThan(0);
    expect(initial.gzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
    const chunks = readdirSync(join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const uplot = chunks.filter((f) => /uplot/i.test(f));
    expect(uplot.length).toBe(1);
    expect(initial.files.map((f) => f.path)).not.toContain(`/assets/${uplot[0]}`);
  });
});
