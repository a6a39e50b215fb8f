// The dashboard in a real Chromium, against the real Kestrel process watching a real 3-node
// Kafka. Every figure the UI shows is checked against Kafka's own CLI tools.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produceAt } from '../collector/support.ts';
import { withAdmin } from '../kafka/client.ts';
import { type KafkaCluster, startCluster } from '../kafka/harness.ts';
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
    await withAdmin(kafka, (admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: 'orders', numPartitions: 3, replicationFactor: 3 },
          { topic: 'payments', numPartitions: 2, replicationFactor: 3 },
          { topic: 'doomed', numPartitions: 1, replicationFactor: 3 },
        ],
      }),
    );
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
    kestrel = await startKestrel({
      config: {
        adminToken: TOKEN,
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
      expect(await ui.page.locator('main [role=alert]').innerText()).toContain(
        'unreachable: cluster down did not answer',
      );
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

  it('a lagging group shows its real lag', async () => {
    const real = parseConsumerGroupDescribe(
      await kafkaConsumerGroups(kafka, ['--describe', '--group', 'lagging']),
    );
    const lag = real.reduce((sum, r) => sum + (r.lag ?? 0), 0);
    expect(lag).toBe(300 - 3 * 10);
    await goto(`/clusters/${CLUSTER}/groups`, 'main table tbody tr a');
    const row = (await tableRows(ui.page)).find((r) => r[0] === 'lagging');
    expect(row?.[5]).toBe(lag.toLocaleString('en-US'));
    await ui.screenshot('groups');
    await ui.page.getByRole('link', { name: 'lagging', exact: true }).click();
    await ui.page.locator('[data-testid=group-lag]').waitFor();
    expect(await ui.page.locator('[data-testid=group-lag]').innerText()).toBe(lag.toLocaleString('en-US'));
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
    expect(shown).toBe(`${direct.body.error}: ${direct.body.message}`);
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
