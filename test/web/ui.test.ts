// The dashboard in a real Chromium, against the real Kestrel process watching a real 3-node
// Kafka. Every figure the UI shows is checked against Kafka's own CLI tools.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopics, kafkaFor, produce, withAdmin } from '../../local-kafka/client.ts';
import { type KafkaCluster, startCluster } from '../../local-kafka/harness.ts';
import { type Receiver, startReceiver } from '../alerts/receiver.ts';
import { produceAt } from '../collector/support.ts';
import {
  kafkaConsumerGroups,
  kafkaMetadataQuorum,
  kafkaTopics,
  parseConsumerGroupDescribe,
  parseQuorumLeaderId,
  parseTopicDescribe,
} from '../kafka/tools.ts';
import { eventually, type KestrelProcess, startKestrel } from '../support/kestrel-process.ts';
import { openBrowser, SCREENSHOTS, tableRows, type UiSession } from './browser.ts';
import { ensureWebBuilt } from './bundle.ts';
import { cjkGlyphsRender } from './glyphs.ts';

const TOKEN = 'e2e-admin-token-0b6f2d71c9a4';
const CLUSTER = 'e2e';
const MARKUP_GROUP = '<img src=x onerror=alert(1)>';
/** A loopback port that accepts nothing: a cluster that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

const ids = (text: string) =>
  (text.match(/^[\d, ]+/)?.[0] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number)
    .sort();

/**
 * Every data panel has settled: a table or an error, no "Loading…" left. Polled through a
 * locator, because the page's CSP (script-src 'self') rejects waitForFunction's string eval.
 */
async function settled(session: UiSession): Promise<void> {
  await eventually(
    async () => ((await session.page.locator('main [aria-busy=true]').count()) === 0 ? true : undefined),
    15_000,
    'every panel on the page loaded or failed',
  );
}

describe('web UI against a real 3-node Kafka', () => {
  let kafka: KafkaCluster;
  let kestrel: KestrelProcess;
  let ui: UiSession;
  let leader: number;
  let receiver: Receiver;
  let kestrelStartedAt: number;

  const goto = async (path: string, ready: string) => {
    await ui.page.goto(`${kestrel.url}${path}`);
    await ui.page.locator(ready).first().waitFor();
  };
  const api = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${kestrel.url}/api/v1${path}`, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await ensureWebBuilt();
    kafka = await startCluster({ brokers: 3 });
    // Not kafkajs's waitForLeaders: it gives up when a broker has not heard of the topic yet.
    await createTopics(kafka, [
      { topic: 'orders', numPartitions: 3, replicationFactor: 3 },
      { topic: 'payments', numPartitions: 2, replicationFactor: 3 },
      { topic: 'doomed', numPartitions: 1, replicationFactor: 3 },
    ]);
    await produceAt(kafka, 'orders', 300);
    await produceAt(kafka, 'payments', 20);
    await withAdmin(kafka, async (admin) => {
      await admin.setOffsets({
        groupId: 'lagging',
        topic: 'orders',
        partitions: [0, 1, 2].map((partition) => ({ partition, offset: '10' })),
      });
      await admin.setOffsets({
        groupId: MARKUP_GROUP,
        topic: 'payments',
        partitions: [{ partition: 0, offset: '1' }],
      });
    });
    receiver = await startReceiver();
    kestrelStartedAt = Date.now();
    kestrel = await startKestrel({
      config: {
        adminToken: TOKEN,
        browse: { enabled: true },
        // No externalUrl on purpose: links in notifications must still be usable.
        alerts: {
          rules: [
            { name: 'IsrShrink', kind: 'isrShrink', for: 0 },
            { name: 'BrokerDown', kind: 'brokerDown', for: 0 },
            // `lagging` has no members and does not move: STOP, so ERR after 10 polls.
            { name: 'LaggingStatus', kind: 'lagStatus', group: 'lagging', statuses: ['WARN', 'ERR'], for: 0 },
          ],
          receivers: [{ name: 'hook', channels: [{ type: 'webhook', url: receiver.url }] }],
          route: { receiver: 'hook', groupWait: '1s', groupInterval: '5s' },
        },
        clusters: [
          { name: CLUSTER, brokers: kafka.bootstrap, pollInterval: '1s' },
          {
            name: 'down',
            brokers: [`127.0.0.1:${await closedPort()}`],
            pollInterval: '1s',
            requestTimeout: '2s',
          },
        ],
      },
    });
    await eventually(
      async () => {
        const group = await api(`/clusters/${CLUSTER}/groups/lagging`);
        return group.status === 200 && group.body.lag !== null ? true : undefined;
      },
      60_000,
      'Kestrel to see the lagging group',
    );
    leader = parseQuorumLeaderId(await kafkaMetadataQuorum(kafka, ['describe', '--status']));
    ui = await openBrowser();
  });

  afterAll(async () => {
    await ui?.close();
    await kestrel?.stop();
    await receiver?.close();
    await kafka?.stop();
  });

  it('overview shows the real broker count and the quorum leader as controller', async () => {
    await goto('/', '[data-testid=cluster-card]');
    const card = ui.page.locator(`[data-testid=cluster-card][data-cluster=${CLUSTER}]`);
    expect(await card.locator('[data-testid=brokers-up]').innerText()).toMatch(/^3 up$/);
    expect(await card.locator('[data-testid=controller]').innerText()).toMatch(
      new RegExp(`^${leader} \\(kraft, epoch \\d+\\)$`),
    );
    expect(await ui.page.locator('[data-testid=last-updated]').innerText()).toMatch(/Last updated/);
    await ui.screenshot('overview');
  });

  it('overview: messages in from end offsets without JMX, topics counted as their link lists them, a wide card', async () => {
    const card = ui.page.locator(`[data-testid=cluster-card][data-cluster=${CLUSTER}]`);
    // No broker has JMX here; the rate comes from end offsets between two polls while we produce.
    const rate = await eventually(
      async () => {
        await produce(kafka, 'payments', 20);
        await goto('/', `[data-testid=cluster-card][data-cluster=${CLUSTER}] [data-testid=message-rate]`);
        const text = await card.locator('[data-testid=message-rate]').innerText();
        return Number.parseFloat(text.replace(/,/g, '')) > 0 ? text : undefined;
      },
      60_000,
      'a message rate above 0 on the overview',
    );
    expect(rate).toMatch(/^[\d.,]+\/s \(from end offsets\)$/);
    // __consumer_offsets exists (the groups' commits made it) and is said apart.
    const topics = await card.locator('[data-testid=topics]').innerText();
    expect(topics).toBe('3 (+1 internal)');
    const main = (await ui.page.locator('main').boundingBox())!;
    // Two clusters here: each card takes half the width, not a third.
    expect((await card.boundingBox())!.width).toBeGreaterThan(main.width * 0.45);
    await ui.screenshot('overview-rate');
    await card.locator('[data-testid=topics] a').click();
    await ui.page.locator('main table tbody tr a').first().waitFor();
    expect((await tableRows(ui.page)).length).toBe(Number(topics.split(' ')[0]));
  });

  it('an unreachable cluster says so on the overview and on every page of it', async () => {
    await eventually(
      async () => {
        const { body } = await api('/clusters');
        const down = (body.items as { name: string; ready: boolean }[]).find((c) => c.name === 'down');
        return down?.ready ? true : undefined;
      },
      30_000,
      'a failed poll of the dead cluster',
    );
    await goto('/', '[data-testid=cluster-card][data-cluster=down]');
    expect(
      await ui.page.locator('[data-testid=cluster-card][data-cluster=down] [role=alert]').innerText(),
    ).toMatch(/^Cluster down is unreachable: .+\. Last successful poll: —\.$/);
    for (const page of ['brokers', 'controller', 'topics', 'groups']) {
      await goto(`/clusters/down/${page}`, '[data-testid=unreachable]');
      expect(await ui.page.locator('[data-testid=unreachable]').innerText()).toMatch(
        /^Cluster down is unreachable/,
      );
      await ui.page.locator('main [role=alert]').waitFor();
      // The server's words, without its machine code (`unreachable:`).
      const text = await ui.page.locator('main [role=alert]').innerText();
      expect(text).toContain('cluster down did not answer');
      expect(text).not.toContain('unreachable:');
    }
    await ui.screenshot('unreachable-cluster');
    // Its own pages say nothing of the kind for the healthy cluster.
    await goto(`/clusters/${CLUSTER}/topics`, 'main table tbody tr a');
    expect(await ui.page.locator('[data-testid=unreachable]').count()).toBe(0);
  });

  it('switches to Simplified Chinese and the dark theme, and keeps both across a reload', async () => {
    const context = await ui.browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${kestrel.url}/clusters/${CLUSTER}/topics`);
      await page.locator('main table tbody tr a').first().waitFor();
      await page.getByRole('button', { name: 'Theme' }).click();
      await page.getByLabel('Language').selectOption('zh-CN');
      await page.reload();
      await page.locator('main table tbody tr a').first().waitFor();
      expect(await page.locator('main h1').innerText()).toMatch(/^主题/);
      expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.getByRole('button', { name: '分区' }).count()).toBe(1);
      await page.screenshot({ path: `${SCREENSHOTS}/topics-zh-dark.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('brokers page, opened by URL (the server falls back to the SPA), lists the three brokers up', async () => {
    await goto(`/clusters/${CLUSTER}/brokers`, 'main table tbody tr');
    const rows = await tableRows(ui.page);
    expect(rows.map((r) => [r[0], r[1]])).toEqual(
      kafka.brokers.map((b) => [b.id === leader ? `${b.id}controller` : String(b.id), 'up']),
    );
    await ui.screenshot('brokers');
  });

  it('controller page shows the quorum leader and its voters', async () => {
    await goto(`/clusters/${CLUSTER}/controller`, '[data-testid=controller-id]');
    expect(await ui.page.locator('[data-testid=controller-id]').innerText()).toBe(String(leader));
    expect((await tableRows(ui.page)).length).toBeGreaterThanOrEqual(3);
    await ui.screenshot('controller');
  });

  it('topics page lists the real topics', async () => {
    const real = (await kafkaTopics(kafka, ['--list']))
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s && !s.startsWith('__'));
    expect(real.sort()).toEqual(['doomed', 'orders', 'payments']);
    await goto(`/clusters/${CLUSTER}/topics`, 'main table tbody tr a');
    const shown = (await tableRows(ui.page)).map((r) => r[0]);
    expect(shown).toEqual(real.sort());
    await ui.screenshot('topics');
    // Sorting is server-side and kept in the URL, so a reload shows the same order.
    await ui.page.getByRole('button', { name: /^Partitions/ }).click();
    await ui.page.waitForURL(/\?sort=partitions&order=desc$/);
    await ui.page.reload();
    await ui.page.locator('main table tbody tr a').first().waitFor();
    expect((await tableRows(ui.page)).map((r) => [r[0], r[1]])).toEqual([
      ['orders', '3'],
      ['payments', '2'],
      ['doomed', '1'],
    ]);
    expect(await ui.page.locator('th[aria-sort=descending]').innerText()).toMatch(/^Partitions/);
  });

  it('a topic page shows the real leaders and ISR of every partition', async () => {
    const real = parseTopicDescribe(await kafkaTopics(kafka, ['--describe', '--topic', 'orders']));
    expect(real).toHaveLength(3);
    await goto(`/clusters/${CLUSTER}/topics/orders`, '[data-testid=partitions] tbody tr');
    const rows = await tableRows(ui.page, '[data-testid=partitions]');
    expect(
      rows.map((r) => ({ partition: Number(r[0]), leader: Number(r[1]), isr: ids(r[3] ?? '') })),
    ).toEqual(real.map((p) => ({ partition: p.partition, leader: p.leader, isr: [...p.isr].sort() })));
    await ui.screenshot('topic');
  });

  it("topic configs are shown with Kafka's names and readable values", async () => {
    await goto(`/clusters/${CLUSTER}/topics/orders`, '[data-testid=configs] dt');
    const pairs = await ui.page.$$eval('[data-testid=configs] div', (divs) =>
      divs.map((d) => [
        d.querySelector('dt')?.textContent?.trim(),
        d.querySelector('dd')?.textContent?.trim(),
      ]),
    );
    const configs = Object.fromEntries(pairs);
    expect(Object.keys(configs).sort()).toEqual([
      'cleanup.policy',
      'min.insync.replicas',
      'retention.bytes',
      'retention.ms',
    ]);
    // Kafka's defaults: 7 days, no size limit.
    expect(configs['retention.ms']).toBe('7d');
    expect(configs['retention.bytes']).toBe('unlimited');
    expect(configs['cleanup.policy']).toBe('delete');
    expect(await ui.page.locator('[data-testid=configs] dd', { hasText: '7d' }).getAttribute('title')).toBe(
      '604800000',
    );
  });

  it('a topic chart offers 15 minutes, with points, and a range from the first recorded point', async () => {
    await goto(`/clusters/${CLUSTER}/topics/orders`, '[data-testid=partitions] tbody tr');
    const range = ui.page.getByRole('group', { name: 'Range' });
    // Match the response to the click itself: the page's own first load (1h) may still be in flight.
    const history = (matches: (query: URLSearchParams) => boolean) =>
      ui.page.waitForResponse((r) => {
        const url = new URL(r.url());
        return url.pathname.endsWith('/topics/orders/history') && matches(url.searchParams);
      });
    const spans = (ms: number) => (q: URLSearchParams) => Number(q.get('to')) - Number(q.get('from')) === ms;
    const [quarter] = await Promise.all([
      history(spans(15 * 60_000)),
      range.getByRole('button', { name: '15m' }).click(),
    ]);
    const body = (await quarter.json()) as {
      from: number;
      to: number;
      points: { produceRate: number | null }[];
    };
    expect(body.to - body.from).toBe(15 * 60_000);
    expect(body.points.length).toBeGreaterThan(0);
    await eventually(
      async () =>
        (await ui.page.locator('figure.chart .uplot').count()) === 1 &&
        (await ui.page.locator('figure.chart div.hidden').count()) === 0
          ? true
          : undefined,
      20_000,
      'the 15m throughput chart drawn with its points',
    );
    expect(await ui.page.locator('figure.chart .u-legend .u-series').first().innerText()).toContain('Time');
    await ui.screenshot('topic-chart-15m');
    const [first] = await Promise.all([
      history((q) => q.get('fromFirst') === 'true'),
      range.getByRole('button', { name: 'Since first point' }).click(),
    ]);
    const all = (await first.json()) as { from: number; to: number; points: unknown[] };
    // The history starts when Kestrel started polling, minutes ago, not an hour ago.
    expect(all.from).toBeGreaterThanOrEqual(kestrelStartedAt - 5_000);
    expect(all.from).toBeLessThan(all.to);
    expect(all.points.length).toBeGreaterThan(0);
  });

  it('a topic created in the UI says so until the next poll shows it; a deleted one says so and leaves the list', async () => {
    const name = 'newcomer-scratch';
    await goto(`/clusters/${CLUSTER}/topics`, 'main table tbody tr a');
    await ui.page.getByRole('button', { name: 'Create topic' }).click();
    const dialog = ui.page.getByRole('dialog');
    await dialog.getByLabel('Admin token').fill(TOKEN);
    await dialog.locator('input[name=topic-name]').fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await ui.page.waitForURL(`${kestrel.url}/clusters/${CLUSTER}/topics/${name}`);
    const notice = ui.page.locator('[data-testid=topic-change]');
    expect(await notice.innerText()).toMatch(new RegExp(`^Topic ${name} was created\\.`));
    // Until the snapshot has it the page waits; it never reads as a failed create.
    const shownErrors: string[] = [];
    await eventually(
      async () => {
        shownErrors.push(...(await ui.page.locator('main [role=alert]').allInnerTexts()));
        return (await ui.page.locator('[data-testid=partitions] tbody tr').count()) === 3 ? true : undefined;
      },
      30_000,
      `the page of ${name} with its 3 partitions`,
    );
    expect(shownErrors).toEqual([]);
    expect(await notice.innerText()).toBe(`Topic ${name} was created.`);
    await ui.screenshot('topic-created');

    await ui.page.getByRole('button', { name: 'Delete topic' }).click();
    await ui.page.getByLabel('Admin token').fill(TOKEN);
    await ui.page.getByLabel(`Type the topic name ${name} to confirm`).fill(name);
    await ui.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await ui.page.waitForURL(`${kestrel.url}/clusters/${CLUSTER}/topics`);
    expect(await notice.innerText()).toMatch(new RegExp(`^Topic ${name} was deleted\\.`));
    await eventually(
      async () => {
        const names = (await tableRows(ui.page)).map((r) => r[0] ?? '');
        const done = (await notice.innerText()) === `Topic ${name} was deleted.`;
        return done && names.length > 0 && !names.some((n) => n.startsWith(name)) ? true : undefined;
      },
      30_000,
      `${name} gone from the topic list, and the notice saying it was deleted`,
    );
    expect(await kafkaTopics(kafka, ['--list'])).not.toMatch(new RegExp(`^${name}$`, 'm'));
    await ui.screenshot('topic-deleted');
  });

  it('a lagging group shows its real lag', async () => {
    const real = parseConsumerGroupDescribe(
      await kafkaConsumerGroups(kafka, ['--describe', '--group', 'lagging']),
    );
    const lag = real.reduce((sum, r) => sum + (r.lag ?? 0), 0);
    expect(lag).toBe(300 - 3 * 10);
    await goto(`/clusters/${CLUSTER}/groups`, 'main table tbody tr a');
    const row = (await tableRows(ui.page)).find((r) => r[0] === 'lagging');
    // Columns: group, type, state, status, members, topics, lag...
    expect(row?.[1]).toBe('classic');
    expect(row?.[6]).toBe(lag.toLocaleString('en-US'));
    await ui.screenshot('groups');
    await ui.page.getByRole('link', { name: 'lagging', exact: true }).click();
    await ui.page.locator('[data-testid=group-lag]').waitFor();
    expect(await ui.page.locator('[data-testid=group-lag]').innerText()).toBe(lag.toLocaleString('en-US'));
    expect(await ui.page.locator('[data-testid=group-type]').innerText()).toBe('classic');
    await ui.page.locator('main table tbody tr').first().waitFor();
    await ui.screenshot('group');
  });

  it('a lagging group says why, the overview lists it with its first finding, and wall mode refreshes by itself', async () => {
    const why = '[data-testid=why-lagging] [data-testid=findings] li';
    await goto(`/clusters/${CLUSTER}/groups/lagging`, why);
    const first = ui.page.locator(why).first();
    expect(await first.getAttribute('data-kind')).toBe('noMembers');
    expect(await first.innerText()).toContain(
      'No consumer is running in this group (Empty) and 270 messages wait.',
    );
    await ui.screenshot('group-why');

    await goto(`/clusters/${CLUSTER}/brokers`, '[data-testid=leader-balance] [role=row][data-broker]');
    expect(await ui.page.locator('[data-testid=leader-balance] [role=row][data-broker]').count()).toBe(3);

    // Auto-refresh off: whatever reloads in wall mode, wall mode reloads itself.
    await ui.page.evaluate("localStorage.setItem('kestrel.refresh', '0')");
    const doctor = `[data-testid=cluster-doctor][data-cluster=${CLUSTER}]`;
    await goto('/', `${doctor} li[data-group=lagging] .first`);
    expect(await ui.page.locator(`${doctor} li[data-group=lagging] .first`).innerText()).toContain(
      'No consumer is running',
    );
    let reloads = 0;
    const count = (request: { url(): string }) => {
      if (request.url().includes(`/clusters/${CLUSTER}/diagnosis`)) reloads++;
    };
    ui.page.on('request', count);
    try {
      await ui.page.locator('[data-testid=wall-mode]').click();
      await ui.page.locator('body.wall').waitFor();
      expect(await ui.page.locator('nav[aria-label=main]').isVisible()).toBe(false);
      await eventually(
        async () => (reloads >= 1 ? true : undefined),
        40_000,
        'wall mode to reload the overview',
      );
      await ui.screenshot('overview-wall');
      await ui.page.locator('[data-testid=wall-mode]').click();
      expect(await ui.page.locator('nav[aria-label=main]').isVisible()).toBe(true);
    } finally {
      ui.page.off('request', count);
      await ui.page.evaluate("localStorage.removeItem('kestrel.refresh')");
    }
  });

  it('a group named with HTML and script renders as text and runs nothing', async () => {
    await goto(`/clusters/${CLUSTER}/groups`, 'main table tbody tr a');
    const link = ui.page.getByRole('link', { name: MARKUP_GROUP, exact: true });
    expect(await link.innerText()).toBe(MARKUP_GROUP);
    await link.click();
    const title = ui.page.locator('[data-testid=group-id]');
    await title.waitFor();
    expect(await title.innerText()).toBe(MARKUP_GROUP);
    expect(new URL(ui.page.url()).pathname).toBe(
      `/clusters/${CLUSTER}/groups/${encodeURIComponent(MARKUP_GROUP)}`,
    );
    // The route survives a reload.
    await ui.page.reload();
    await title.waitFor();
    expect(await title.innerText()).toBe(MARKUP_GROUP);
    expect(await ui.page.locator('img[src="x"]').count()).toBe(0);
    expect(ui.dialogs).toEqual([]);
    await ui.screenshot('group-markup');
  });

  it('a message holding HTML shows as text in the message browser, opened from its partition row', async () => {
    const producer = kafkaFor(kafka).producer();
    await producer.connect();
    await producer.send({
      topic: 'payments',
      messages: [
        { partition: 1, key: '<script>alert(2)</script>', value: MARKUP_GROUP, headers: { h: MARKUP_GROUP } },
      ],
    });
    await producer.disconnect();
    await goto(`/clusters/${CLUSTER}/topics/payments`, '[data-testid=partitions] tbody tr');
    await ui.page
      .locator('[data-testid=partitions] tbody tr')
      .nth(1)
      .getByRole('link', { name: 'messages' })
      .click();
    await ui.page.getByLabel('Admin token').fill(TOKEN); // reading messages needs it; the page asked (401)
    await ui.page.getByRole('button', { name: 'Read' }).click();
    const value = ui.page.locator('[data-testid=message-value]').first();
    await value.waitFor();
    expect(new URL(ui.page.url()).search).toBe('?partitions=1');
    expect(await value.innerText()).toBe(MARKUP_GROUP);
    expect(await ui.page.locator('[data-testid=message-key]').first().innerText()).toBe(
      '<script>alert(2)</script>',
    );
    expect(await ui.page.locator('[data-testid=message-header]').first().innerText()).toBe(MARKUP_GROUP);
    expect(await ui.page.locator('img[src="x"]').count()).toBe(0);
    expect(ui.dialogs).toEqual([]);
    await ui.screenshot('message-markup');
  });

  it('alerts and audit pages render, with a clear state for whatever the server lacks', async () => {
    for (const page of ['alerts', 'audit']) {
      await goto(`/${page}`, 'main h1');
      // Every panel settles: a table or an error naming what is unavailable, never a spinner.
      await settled(ui);
      const panels = await ui.page.locator('main table, main [role=alert]').count();
      expect(panels).toBeGreaterThan(0);
      await ui.screenshot(page);
    }
    expect(ui.pageErrors).toEqual([]);
  });

  it('a lag-status alert is critical and shows its status; its notification links back to Kestrel', async () => {
    const row = await eventually(
      async () => {
        await goto('/alerts', 'main h1');
        await settled(ui);
        return (await tableRows(ui.page)).find((r) => r[2] === 'LaggingStatus' && r[0]?.startsWith('firing'));
      },
      60_000,
      'LaggingStatus firing on the Alerts page',
    );
    expect(row[3]).toContain('group=lagging');
    expect(row[1]).toBe('critical');
    expect(row[4]).toBe('ERR');
    const rule = (await tableRows(ui.page)).find((r) => r[0] === 'LaggingStatus' && r[1] === 'lagStatus');
    expect(rule?.[5]).toBe('group: lagging · statuses: WARN, ERR');
    // Without a token, Send test is greyed out and the page says where the token goes.
    const hint = ui.page.locator('[data-testid=test-send-hint]');
    expect(await hint.innerText()).toMatch(/enter the admin token under “Admin token”/);
    expect(await ui.page.getByRole('button', { name: 'Send test' }).isDisabled()).toBe(true);
    await hint.getByRole('button').click();
    expect(await ui.page.locator('details.admin').getAttribute('open')).not.toBeNull();
    await ui.screenshot('alerts-lag-status');

    const notification = await eventually(
      async () => receiver.matching('LaggingStatus', 'firing')[0],
      30_000,
      'the LaggingStatus notification at the webhook',
    );
    // No alerts.externalUrl configured: links use the address Kestrel listens on.
    expect(notification.body.externalURL).toBe(kestrel.url);
    const alert = (
      notification.body.alerts as unknown as { labels: Record<string, string>; generatorURL: string }[]
    ).find((a) => a.labels.alertname === 'LaggingStatus');
    expect(alert?.labels.severity).toBe('critical');
    expect(alert?.generatorURL.startsWith(`${kestrel.url}/alerts?`)).toBe(true);
    expect(kestrel.output()).toContain('alerts.externalUrl is not set');
  });

  it('in Chinese, state and lag status read differently, badges and legends are translated, and glyphs are real', async () => {
    const context = await ui.browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      // Without the sort arrows (↕ ▲ ▼) of sortable columns.
      const headers = async () =>
        (await page.locator('main table thead th').allInnerTexts()).map((h) =>
          h.replace(/[↕▲▼]/g, '').trim(),
        );
      await page.goto(`${kestrel.url}/clusters/${CLUSTER}/groups`);
      await page.locator('main table tbody tr a').first().waitFor();
      const groupHeaders = await headers();
      expect(groupHeaders).toEqual(expect.arrayContaining(['状态', '积压状态']));
      expect(new Set(groupHeaders).size).toBe(groupHeaders.length);

      await page.goto(`${kestrel.url}/clusters/${CLUSTER}/groups/lagging`);
      await page.locator('[data-testid=group-lag]').waitFor();
      expect(await page.locator('main dl.stats dt').allInnerTexts()).toEqual(
        expect.arrayContaining(['状态', '积压状态']),
      );
      await page.locator('figure.chart .u-legend .u-series').first().waitFor();
      expect(await page.locator('figure.chart .u-legend .u-series').first().innerText()).toContain('时间');
      await page.screenshot({ path: `${SCREENSHOTS}/group-zh.png`, fullPage: true });

      await page.goto(`${kestrel.url}/clusters/${CLUSTER}/topics/orders`);
      await page.locator('[data-testid=partitions] tbody tr').first().waitFor();
      expect(await headers()).toEqual(expect.arrayContaining(['状态', '积压状态']));

      await page.goto(`${kestrel.url}/alerts`);
      await page.locator('main [data-status=firing]').first().waitFor();
      expect(await page.locator('main [data-status=firing]').first().innerText()).toBe('触发中');
      expect(await page.locator('main [data-status=critical]').first().innerText()).toBe('严重');
      expect(await page.locator('main [data-status=sent]').first().innerText()).toBe('已发送');

      // A CJK font is installed: the characters are drawn, not the missing-glyph box.
      // U+F0000 is in no font: the check tells it apart, so it can fail.
      expect(await cjkGlyphsRender(page, ['状', '态', '积', '压', '告', '警', '\u{F0000}'])).toEqual({
        '\u{F0000}': false,
        状: true,
        态: true,
        积: true,
        压: true,
        告: true,
        警: true,
      });
      await page.screenshot({ path: `${SCREENSHOTS}/alerts-zh.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("deleting a topic with a wrong token shows the server's error and keeps the topic", async () => {
    await goto(`/clusters/${CLUSTER}/topics/doomed`, '[data-testid=partitions] tbody tr');
    await ui.page.getByRole('button', { name: 'Delete topic' }).click();
    await ui.page.getByLabel('Admin token').fill('wrong-token');
    await ui.page.getByLabel('Type the topic name doomed to confirm').fill('doomed');
    await ui.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    const shown = await ui.page.getByRole('dialog').getByRole('alert').innerText();
    await ui.screenshot('delete-wrong-token');
    const direct = await api(`/clusters/${CLUSTER}/topics/doomed`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer wrong-token', 'content-type': 'application/json' },
      body: JSON.stringify({ confirm: 'doomed' }),
    });
    expect(shown).toBe(direct.body.message);
    expect(direct.status).toBe(401);
    expect(await kafkaTopics(kafka, ['--list'])).toMatch(/^doomed$/m);
    await ui.page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('deleting a topic through the dialog with the admin token removes it from Kafka', async () => {
    await goto(`/clusters/${CLUSTER}/topics/doomed`, '[data-testid=partitions] tbody tr');
    await ui.page.getByRole('button', { name: 'Delete topic' }).click();
    await ui.page.getByLabel('Admin token').fill(TOKEN);
    await ui.page.getByLabel('Type the topic name doomed to confirm').fill('doomed');
    await ui.screenshot('delete-dialog');
    await ui.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await ui.page.waitForURL(`${kestrel.url}/clusters/${CLUSTER}/topics`);
    await eventually(
      async () => (/^doomed$/m.test(await kafkaTopics(kafka, ['--list'])) ? undefined : true),
      30_000,
      'doomed to be gone from Kafka',
    );
    // Both attempts, the refused one and the one that deleted, are on the audit page.
    await goto('/audit', 'main table tbody tr');
    const rows = (await tableRows(ui.page)).filter(
      (r) => r[1] === 'topic.delete' && r[2] === `${CLUSTER}/doomed`,
    );
    // Newest first: the deletion, then the UI's and the direct wrong-token attempts.
    expect(rows.map((r) => r[3])).toEqual(['ok 200', 'denied 401', 'denied 401']);
    await ui.screenshot('audit-after-delete');
  });

  it('the reassign dialog shows Kestrel’s plan and the Brokers page previews a cluster-wide preferred election', async () => {
    await goto(`/clusters/${CLUSTER}/topics/payments`, '[data-testid=partitions] tbody tr');
    await ui.page.getByRole('button', { name: 'Reassign / change replication factor' }).click();
    const dialog = ui.page.getByRole('dialog');
    await dialog.getByLabel('Replication factor (now 3)').fill('2');
    await dialog.getByRole('button', { name: 'Propose a plan' }).click();
    const rows = dialog.locator('[data-testid=reassignment-plan] tbody tr');
    await rows.first().waitFor();
    const plan = await api(`/clusters/${CLUSTER}/topics/payments/reassignment/plan?replicationFactor=2`);
    const planned = plan.body.partitions as { partition: number; current: number[]; proposed: number[] }[];
    expect(await rows.count()).toBe(planned.length);
    for (const [i, p] of planned.entries()) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      expect(cells.slice(0, 3)).toEqual([String(p.partition), p.current.join(', '), p.proposed.join(', ')]);
    }
    await ui.screenshot('reassign-plan');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await goto(`/clusters/${CLUSTER}/brokers`, '[data-testid=leader-balance] [role=row][data-broker]');
    await ui.page.getByRole('button', { name: 'Elect preferred leaders (whole cluster)' }).click();
    const preview = await api(`/clusters/${CLUSTER}/elections/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'preferred' }),
    });
    const toElect = preview.body.toElect as unknown[];
    const text =
      toElect.length === 0
        ? 'Every partition is led by its preferred replica'
        : `${toElect.length} partition(s) would move to their preferred leader`;
    await ui.page.getByRole('dialog').getByText(text).waitFor();
    await ui.screenshot('elect-cluster');
    await ui.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    // Nothing was changed: no reassignment, no election.
    expect((await api(`/clusters/${CLUSTER}/topics/payments`)).body.replicationFactor).toBe(3);
  });

  it('after a broker is killed the UI shows it down and the partitions under-replicated', async () => {
    const victim = kafka.brokers.find((b) => b.id !== leader)!.id;
    await kafka.killBroker(victim);
    await eventually(
      async () => {
        await goto(`/clusters/${CLUSTER}/brokers`, 'main table tbody tr');
        const row = (await tableRows(ui.page)).find((r) => r[0]?.startsWith(String(victim)));
        return row?.[1] === 'down' ? true : undefined;
      },
      60_000,
      `broker ${victim} shown down`,
    );
    await ui.screenshot('brokers-down');
    await eventually(
      async () => {
        await goto(`/clusters/${CLUSTER}/topics/orders`, '[data-testid=partitions] tbody tr');
        const urp = Number(await ui.page.locator('[data-testid=topic-urp]').innerText());
        return urp === 3 ? true : undefined;
      },
      60_000,
      'orders shown with 3 under-replicated partitions',
    );
    const real = parseTopicDescribe(await kafkaTopics(kafka, ['--describe', '--topic', 'orders']));
    expect(real.every((p) => !p.isr.includes(victim))).toBe(true);
    const rows = await tableRows(ui.page, '[data-testid=partitions]');
    for (const row of rows) expect(row[3]).toContain(`missing from ISR: ${victim}`);
    await ui.screenshot('topic-under-replicated');
    await goto('/', '[data-testid=cluster-card]');
    await ui.page.getByText('1 broker(s) down').waitFor();
    expect(await ui.page.locator('[data-testid=brokers-up]').innerText()).toBe('2 up / 1 down');
    await ui.screenshot('overview-broker-down');

    // The alerts engine saw it too: the Alerts page lists the broker down and the ISR shrinks
    // of every orders partition as firing, as the API does.
    const firing = async () => {
      await goto('/alerts', 'main h1');
      await settled(ui);
      return (await tableRows(ui.page)).filter((r) => r[0]?.startsWith('firing'));
    };
    const firingRows = await eventually(
      async () => {
        const shown = await firing();
        const isr = shown.filter((r) => r[2] === 'IsrShrink' && r[3]?.includes('topic=orders'));
        const down = shown.filter((r) => r[2] === 'BrokerDown' && r[3]?.includes(`broker=${victim}`));
        return isr.length === 3 && down.length === 1 ? shown : undefined;
      },
      60_000,
      'IsrShrink ×3 and BrokerDown firing on the Alerts page',
    );
    const fromApi = await api('/alerts?state=firing');
    expect(firingRows.length).toBe((fromApi.body.items as unknown[]).length);
    await ui.screenshot('alerts-firing');
  });
});
