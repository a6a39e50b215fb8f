// The overview: broker count and controller, the message rate and topic count of a cluster card,
// and an unreachable cluster said so there and on each of its pages.
import { describe, expect, it } from 'vitest';
import { produce } from '../../../local-kafka/client.ts';
import { eventually } from '../../support/kestrel-process.ts';
import { tableRows } from '../support/browser.ts';
import { api, CLUSTER, goto, type UiFixture } from '../support/ui-fixture.ts';

export function overviewPage(f: UiFixture): void {
  describe('the overview', () => {
    it('overview shows the real broker count and the quorum leader as controller', async () => {
      await goto(f, '/', '[data-testid=cluster-card]');
      const card = f.ui.page.locator(`[data-testid=cluster-card][data-cluster=${CLUSTER}]`);
      expect(await card.locator('[data-testid=brokers-up]').innerText()).toMatch(/^3 up$/);
      expect(await card.locator('[data-testid=controller]').innerText()).toMatch(
        new RegExp(`^${f.leader} \\(kraft, epoch \\d+\\)$`),
      );
      expect(await f.ui.page.locator('[data-testid=last-updated]').innerText()).toMatch(/Last updated/);
      await f.ui.screenshot('overview');
    });

    it('overview: messages in from end offsets without JMX, topics counted as their link lists them, a wide card', async () => {
      const card = f.ui.page.locator(`[data-testid=cluster-card][data-cluster=${CLUSTER}]`);
      // No broker has JMX here; the rate comes from end offsets between two polls while we produce.
      const rate = await eventually(
        async () => {
          await produce(f.kafka, 'payments', 20);
          await goto(
            f,
            '/',
            `[data-testid=cluster-card][data-cluster=${CLUSTER}] [data-testid=message-rate]`,
          );
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
      const main = (await f.ui.page.locator('main').boundingBox())!;
      // Two clusters here: each card takes half the width, not a third.
      expect((await card.boundingBox())!.width).toBeGreaterThan(main.width * 0.45);
      await f.ui.screenshot('overview-rate');
      await card.locator('[data-testid=topics] a').click();
      await f.ui.page.locator('main table tbody tr a').first().waitFor();
      expect((await tableRows(f.ui.page)).length).toBe(Number(topics.split(' ')[0]));
    });

    it('an unreachable cluster says so on the overview and on every page of it', async () => {
      await eventually(
        async () => {
          const { body } = await api(f, '/clusters');
          const down = (body.items as { name: string; ready: boolean }[]).find((c) => c.name === 'down');
          return down?.ready ? true : undefined;
        },
        30_000,
        'a failed poll of the dead cluster',
      );
      await goto(f, '/', '[data-testid=cluster-card][data-cluster=down]');
      expect(
        await f.ui.page.locator('[data-testid=cluster-card][data-cluster=down] [role=alert]').innerText(),
      ).toMatch(/^Cluster down is unreachable: .+\. Last successful poll: —\.$/);
      for (const page of ['brokers', 'controller', 'topics', 'groups']) {
        await goto(f, `/clusters/down/${page}`, '[data-testid=unreachable]');
        expect(await f.ui.page.locator('[data-testid=unreachable]').innerText()).toMatch(
          /^Cluster down is unreachable/,
        );
        await f.ui.page.locator('main [role=alert]').waitFor();
        // The server's words, without its machine code (`unreachable:`).
        const text = await f.ui.page.locator('main [role=alert]').innerText();
        expect(text).toContain('cluster down did not answer');
        expect(text).not.toContain('unreachable:');
      }
      await f.ui.screenshot('unreachable-cluster');
      // Its own pages say nothing of the kind for the healthy cluster.
      await goto(f, `/clusters/${CLUSTER}/topics`, 'main table tbody tr a');
      expect(await f.ui.page.locator('[data-testid=unreachable]').count()).toBe(0);
    });
  });
}
