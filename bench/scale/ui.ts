// The topics and groups pages in a real Chromium against the stand-in's data: time until the
// first 50 rows show, in a fresh context (cold: empty cache) and again (warm), median of `runs`.
import { openBrowser } from '../../test/web/browser.ts';
import { ensureWebBuilt } from '../../test/web/bundle.ts';

const ROWS = 50;
const ROWS_SHOWN = `document.querySelectorAll('main table tbody tr a').length >= ${ROWS}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? null;

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
        await tab.waitForFunction(ROWS_SHOWN, undefined, { timeout: 120_000 });
        cold.push(Math.round(Number(await tab.evaluate('performance.now()'))));
        await tab.goto(url, { waitUntil: 'commit' });
        await tab.waitForFunction(ROWS_SHOWN, undefined, { timeout: 120_000 });
        warm.push(Math.round(Number(await tab.evaluate('performance.now()'))));
        await context.close();
      }
      result[page] = { coldMs: median(cold), warmMs: median(warm), runs: [cold, warm] };
    }
  } finally {
    await ui.close();
  }
  return result;
}
