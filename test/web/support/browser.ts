// Debian's Chromium driven by playwright-core, with what every UI test wants: English, a fixed
// viewport, page errors and JS dialogs recorded (a dialog would mean injected script ran).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../../../test-output/screenshots');

export interface UiSession {
  browser: Browser;
  page: Page;
  /** Messages of alert/confirm/prompt dialogs the page opened. */
  dialogs: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<UiSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    page,
    dialogs,
    pageErrors,
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: () => browser.close(),
  };
}

/** Cell texts of the rows of the table inside `scope` (whitespace collapsed). */
export function tableRows(page: Page, scope = 'main'): Promise<string[][]> {
  return page.$$eval(`${scope} table tbody tr`, (rows) =>
    rows.map((row) =>
      [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
    ),
  );
}
