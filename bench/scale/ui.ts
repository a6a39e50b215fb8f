// The topics and groups pages in a real Chromium against the stand-in's data: time until the
// first 50 rows show, in a fresh context (cold: empty cache) and again (warm), median of `runs`.
import { openBrowser } from '../../test/web/support/browser.ts';
import { ensureWebBuilt } from '../../test/web/support/bundle.ts';
import { median } from '../stats.ts';

const ROWS = 50;
// A function, not a string: the page's Content-Security-Policy forbids evaluating strings.
// It runs in the page, where `document` is; this file is typed without the DOM library.
type PageGlobal = { document: { querySelectorAll(selector: string): { length: number } } };
const rowsShown = (rows: number) =>
  (globalThis as unknown as PageGlobal).document.querySelectorAll('main table tbody tr a').length >= rows;
/** Builds web/dist if it is missing; call before the server that serves it is built. */
export const prepareUi = ensureWebBuilt;

export async function measurePages(base: string, cluster: string, runs: number) {
  const ui = await openBrowser();
  const result: Record<string, { coldMs: number | null; warmMs: number | null; runs: number[][] }> = {};
  try {
    for (const page of ['topics', 'groups']) {
      const url = `${base}/clusters/${cluster}/${page}`;
      const cold: number[] = [];
      const warm: number[] = [];
      for (let run = 0; run < runs; run++) {
        const context = await ui.browser.newContext({ locale: 'en-US' });
        const tab = await context.newPage();
        await tab.goto(url, { waitUntil: 'commit' });
        await tab.waitForFunction(rowsShown, ROWS, { timeout: 120_000 });
        cold.push(Math.round(await tab.evaluate(() => performance.now())));
        await tab.goto(url, { waitUntil: 'commit' });
        await tab.waitForFunction(rowsShown, ROWS, { timeout: 120_000 });
        warm.push(Math.round(await tab.evaluate(() => performance.now())));
        await context.close();
      }
      result[page] = { coldMs: median(cold), warmMs: median(warm), runs: [cold, warm] };
    }
  } finally {
    await ui.close();
  }
  return result;
}
