// What the suites of the dashboard test (test/web/ui.test.ts, suites in test/web/ui/) share:
// the names the cluster is set up with, the processes it runs, and how a suite drives the page.
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import type { KafkaCluster } from '../../../local-kafka/harness.ts';
import type { Receiver } from '../../alerts/receiver.ts';
import { eventually, type KestrelProcess } from '../../support/kestrel-process.ts';
import type { UiSession } from './browser.ts';

export const TOKEN = 'e2e-admin-token-0b6f2d71c9a4';
export const CLUSTER = 'e2e';
export const MARKUP_GROUP = '<img src=x onerror=alert(1)>';

/** Filled by ui.test.ts before the first test; the suites read it inside their tests. */
export interface UiFixture {
  kafka: KafkaCluster;
  kestrel: KestrelProcess;
  ui: UiSession;
  /** The webhook every alert is routed to. */
  receiver: Receiver;
  /** The KRaft quorum leader, as kafka-metadata-quorum tells it. */
  leader: number;
  /** Kestrel's history starts no earlier. */
  kestrelStartedAt: number;
}

/** Opens a page of the dashboard and waits until `ready` shows. */
export async function goto(f: UiFixture, path: string, ready: string): Promise<void> {
  await f.ui.page.goto(`${f.kestrel.url}${path}`);
  await f.ui.page.locator(ready).first().waitFor();
}

/** Asks Kestrel's API directly, to compare with what the page shows. */
export async function api(
  f: UiFixture,
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${f.kestrel.url}/api/v1${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A page in a browser context of its own (storage, settings, `locale`), closed after `use`. */
export async function inFreshContext(
  f: UiFixture,
  locale: string,
  use: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await f.ui.browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
  try {
    await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * Every data panel has settled: a table or an error, no "Loading…" left. Polled through a
 * locator, because the page's CSP (script-src 'self') rejects waitForFunction's string eval.
 */
export async function settled(session: UiSession): Promise<void> {
  await eventually(
    async () => ((await session.page.locator('main [aria-busy=true]').count()) === 0 ? true : undefined),
    15_000,
    'every panel on the page loaded or failed',
  );
}

/** The broker ids a cell starts with ("1, 3 missing from ISR: 2" → [1, 3]). */
export const ids = (text: string) =>
  (text.match(/^[\d, ]+/)?.[0] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number)
    .sort();

/** A loopback port that accepts nothing: a cluster that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
