// The topic list and a topic's page: leaders and ISR as kafka-topics tells them, configs,
// the throughput chart's ranges, and a topic created and deleted in the UI.
import { describe, expect, it } from 'vitest';
import { kafkaTopics, parseTopicDescribe } from '../../kafka/tools.ts';
import { eventually } from '../../support/kestrel-process.ts';
import { tableRows } from '../support/browser.ts';
import { CLUSTER, goto, ids, TOKEN, type UiFixture } from '../support/ui-fixture.ts';

export function topicPages(f: UiFixture): void {
  describe('topics', () => {
    it('topics page lists the real topics', async () => {
      const real = (await kafkaTopics(f.kafka, ['--list']))
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith('__'));
      expect(real.sort()).toEqual(['doomed', 'orders', 'payments']);
      await goto(f, `/clusters/${CLUSTER}/topics`, 'main table tbody tr a');
      const shown = (await tableRows(f.ui.page)).map((r) => r[0]);
      expect(shown).toEqual(real.sort());
      await f.ui.screenshot('topics');
      // Sorting is server-side and kept in the URL, so a reload shows the same order.
      await f.ui.page.getByRole('button', { name: /^Partitions/ }).click();
      await f.ui.page.waitForURL(/\?sort=partitions&order=desc$/);
      await f.ui.page.reload();
      await f.ui.page.locator('main table tbody tr a').first().waitFor();
      expect((await tableRows(f.ui.page)).map((r) => [r[0], r[1]])).toEqual([
        ['orders', '3'],
        ['payments', '2'],
        ['doomed', '1'],
      ]);
      expect(await f.ui.page.locator('th[aria-sort=descending]').innerText()).toMatch(/^Partitions/);
    });

    it('a topic page shows the real leaders and ISR of every partition', async () => {
      const real = parseTopicDescribe(await kafkaTopics(f.kafka, ['--describe', '--topic', 'orders']));
      expect(real).toHaveLength(3);
      await goto(f, `/clusters/${CLUSTER}/topics/orders`, '[data-testid=partitions] tbody tr');
      const rows = await tableRows(f.ui.page, '[data-testid=partitions]');
      expect(
        rows.map((r) => ({ partition: Number(r[0]), leader: Number(r[1]), isr: ids(r[3] ?? '') })),
      ).toEqual(real.map((p) => ({ partition: p.partition, leader: p.leader, isr: [...p.isr].sort() })));
      await f.ui.screenshot('topic');
    });

    it("topic configs are shown with Kafka's names and readable values", async () => {
      await goto(f, `/clusters/${CLUSTER}/topics/orders`, '[data-testid=configs] dt');
      const pairs = await f.ui.page.$$eval('[data-testid=configs] div', (divs) =>
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
      expect(
        await f.ui.page.locator('[data-testid=configs] dd', { hasText: '7d' }).getAttribute('title'),
      ).toBe('604800000');
    });

    it('a topic chart offers 15 minutes, with points, and a range from the first recorded point', async () => {
      await goto(f, `/clusters/${CLUSTER}/topics/orders`, '[data-testid=partitions] tbody tr');
      const range = f.ui.page.getByRole('group', { name: 'Range' });
      // Match the response to the click itself: the page's own first load (1h) may still be in flight.
      const history = (matches: (query: URLSearchParams) => boolean) =>
        f.ui.page.waitForResponse((r) => {
          const url = new URL(r.url());
          return url.pathname.endsWith('/topics/orders/history') && matches(url.searchParams);
        });
      const spans = (ms: number) => (q: URLSearchParams) =>
        Number(q.get('to')) - Number(q.get('from')) === ms;
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
          (await f.ui.page.locator('figure.chart .uplot').count()) === 1 &&
          (await f.ui.page.locator('figure.chart div.hidden').count()) === 0
            ? true
            : undefined,
        20_000,
        'the 15m throughput chart drawn with its points',
      );
      expect(await f.ui.page.locator('figure.chart .u-legend .u-series').first().innerText()).toContain(
        'Time',
      );
      await f.ui.screenshot('topic-chart-15m');
      const [first] = await Promise.all([
        history((q) => q.get('fromFirst') === 'true'),
        range.getByRole('button', { name: 'Since first point' }).click(),
      ]);
      const all = (await first.json()) as { from: number; to: number; points: unknown[] };
      // The history starts when Kestrel started polling, minutes ago, not an hour ago.
      expect(all.from).toBeGreaterThanOrEqual(f.kestrelStartedAt - 5_000);
      expect(all.from).toBeLessThan(all.to);
      expect(all.points.length).toBeGreaterThan(0);
    });

    it('a topic created in the UI says so until the next poll shows it; a deleted one says so and leaves the list', async () => {
      const name = 'newcomer-scratch';
      await goto(f, `/clusters/${CLUSTER}/topics`, 'main table tbody tr a');
      await f.ui.page.getByRole('button', { name: 'Create topic' }).click();
      const dialog = f.ui.page.getByRole('dialog');
      await dialog.getByLabel('Admin token').fill(TOKEN);
      await dialog.locator('input[name=topic-name]').fill(name);
      await dialog.getByRole('button', { name: 'Create' }).click();
      await f.ui.page.waitForURL(`${f.kestrel.url}/clusters/${CLUSTER}/topics/${name}`);
      const notice = f.ui.page.locator('[data-testid=topic-change]');
      expect(await notice.innerText()).toMatch(new RegExp(`^Topic ${name} was created\\.`));
      // Until the snapshot has it the page waits; it never reads as a failed create.
      const shownErrors: string[] = [];
      await eventually(
        async () => {
          shownErrors.push(...(await f.ui.page.locator('main [role=alert]').allInnerTexts()));
          return (await f.ui.page.locator('[data-testid=partitions] tbody tr').count()) === 3
            ? true
            : undefined;
        },
        30_000,
        `the page of ${name} with its 3 partitions`,
      );
      expect(shownErrors).toEqual([]);
      expect(await notice.innerText()).toBe(`Topic ${name} was created.`);
      await f.ui.screenshot('topic-created');

      await f.ui.page.getByRole('button', { name: 'Delete topic' }).click();
      await f.ui.page.getByLabel('Admin token').fill(TOKEN);
      await f.ui.page.getByLabel(`Type the topic name ${name} to confirm`).fill(name);
      await f.ui.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await f.ui.page.waitForURL(`${f.kestrel.url}/clusters/${CLUSTER}/topics`);
      expect(await notice.innerText()).toMatch(new RegExp(`^Topic ${name} was deleted\\.`));
      await eventually(
        async () => {
          const names = (await tableRows(f.ui.page)).map((r) => r[0] ?? '');
          const done = (await notice.innerText()) === `Topic ${name} was deleted.`;
          return done && names.length > 0 && !names.some((n) => n.startsWith(name)) ? true : undefined;
        },
        30_000,
        `${name} gone from the topic list, and the notice saying it was deleted`,
      );
      expect(await kafkaTopics(f.kafka, ['--list'])).not.toMatch(new RegExp(`^${name}$`, 'm'));
      await f.ui.screenshot('topic-deleted');
    });
  });
}
