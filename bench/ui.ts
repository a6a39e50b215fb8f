/**
 * The dashboard at scale, in a real Chromium: how long the topics page takes to show its first
 * 50 rows from a cluster with 10,000 partitions (default: one KRaft broker, 2,000 topics × 5
 * partitions, watched by the real Kestrel process), and the gzipped size of the initial JS.
 * Three timings, each the median of --runs:
 *   cold:       a new browser context (empty cache) opens /clusters/bench/topics
 *   warm:       the same URL again, assets cached (index.html revalidated)
 *   navigation: a click on "Topics" from the overview (the SPA's own route change)
 * plus the topics API call alone (server time) and the machine's load average, since a busy
 * machine shows in every figure. Prints JSON; not a timed test.
 *
 *   npx tsx bench/ui.ts [--topics 2000] [--partitions 5] [--runs 5]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { kafkaFor } from '../local-kafka/client.ts';
import { startCluster } from '../local-kafka/harness.ts';
import { eventually, startKestrel } from '../test/support/kestrel-process.ts';
import { openBrowser } from '../test/web/support/browser.ts';
import { ensureWebBuilt, measureInitialJs } from '../test/web/support/bundle.ts';
import { median } from './stats.ts';

const { values: args } = parseArgs({
  options: {
    topics: { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '5' },
    runs: { type: 'string', default: '5' },
  },
});
const TOPICS = Number(args.topics);
const PARTITIONS = Number(args.partitions);
const RUNS = Number(args.runs);
const ROWS = 50;
const ROWS_SHOWN = `document.querySelectorAll('main table tbody tr a').length >= ${ROWS}`;

async function main(): Promise<Record<string, unknown>> {
  await ensureWebBuilt();
  const bundle = measureInitialJs();
  const cluster = await startCluster({ brokers: 1 });
  const kestrel = await startKestrel({
    config: { clusters: [{ name: 'bench', brokers: cluster.bootstrap, pollInterval: '5s' }] },
  });
  try {
    const setupStarted = performance.now();
    const admin = kafkaFor(cluster, 'kestrel-bench-ui').admin();
    await admin.connect();
    const names = Array.from({ length: TOPICS }, (_, i) => `bench-topic-${String(i).padStart(5, '0')}`);
    for (let i = 0; i < names.length; i += 100) {
      await admin.createTopics({
        topics: names
          .slice(i, i + 100)
          .map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
        waitForLeaders: false,
        timeout: 120_000,
      });
    }
    await admin.disconnect();
    const expected = TOPICS * PARTITIONS;
    await eventually(
      async () => {
        const response = await fetch(`${kestrel.url}/api/v1/clusters`);
        const body = (await response.json()) as { items: { partitions: number | null }[] };
        return (body.items[0]?.partitions ?? 0) >= expected ? true : undefined;
      },
      300_000,
      `Kestrel to see ${expected} partitions`,
    );
    const setupMs = Math.round(performance.now() - setupStarted);

    // The API alone (what the page waits for), to tell server time from browser time.
    const apiMs: number[] = [];
    for (let run = 0; run < RUNS * 4; run++) {
      const started = performance.now();
      const response = await fetch(
        `${kestrel.url}/api/v1/clusters/bench/topics?page=1&pageSize=${ROWS}&sort=name&order=asc`,
      );
      await response.json();
      apiMs.push(performance.now() - started);
    }

    const ui = await openBrowser();
    const topicsUrl = `${kestrel.url}/clusters/bench/topics`;
    const cold: number[] = [];
    const warm: number[] = [];
    const navigation: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        // Cold: a fresh context has an empty HTTP cache.
        const context = await ui.browser.newContext({ locale: 'en-US' });
        const page = await context.newPage();
        await page.goto(topicsUrl, { waitUntil: 'commit' });
        await page.waitForFunction(ROWS_SHOWN, undefined, { timeout: 60_000 });
        cold.push(await page.evaluate('performance.now()'));
        // Warm: same context, cached assets.
        await page.goto(topicsUrl, { waitUntil: 'commit' });
        await page.waitForFunction(ROWS_SHOWN, undefined, { timeout: 60_000 });
        warm.push(await page.evaluate('performance.now()'));
        // In-app navigation from the overview.
        await page.goto(kestrel.url, { waitUntil: 'commit' });
        await page.locator('[data-testid=cluster-card]').waitFor();
        const started = Number(await page.evaluate('performance.now()'));
        await page.getByRole('link', { name: 'Topics', exact: true }).click();
        await page.waitForFunction(ROWS_SHOWN, undefined, { timeout: 60_000 });
        navigation.push(Number(await page.evaluate('performance.now()')) - started);
        if (run === 0) await page.screenshot({ path: 'test-output/screenshots/bench-topics-10k.png' });
        await context.close();
      }
    } finally {
      await ui.close();
    }
    const ms = (values: number[]) => ({ median: Math.round(median(values)), runs: values.map(Math.round) });
    return {
      cluster: { brokers: 1, topics: TOPICS, partitionsPerTopic: PARTITIONS, partitions: expected },
      setupMs,
      initialJs: {
        gzipBytes: bundle.gzipBytes,
        gzipKB: Number((bundle.gzipBytes / 1024).toFixed(1)),
        files: bundle.files,
      },
      topicsApiMs: ms(apiMs),
      topicsPageFirst50RowsMs: { cold: ms(cold), warm: ms(warm), navigation: ms(navigation) },
      loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
      cpus: cpus().length,
    };
  } finally {
    await kestrel.stop();
    await cluster.stop();
  }
}

main().then(
  (result) => {
    console.log(JSON.stringify(result, null, 2));
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
