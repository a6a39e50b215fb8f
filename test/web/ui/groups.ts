// Consumer groups: a lagging group's lag as kafka-consumer-groups tells it and why it lags, and a
// group named with markup shown as text.
import { describe, expect, it } from 'vitest';
import { kafkaConsumerGroups, parseConsumerGroupDescribe } from '../../kafka/tools.ts';
import { eventually } from '../../support/kestrel-process.ts';
import { tableRows } from '../support/browser.ts';
import { CLUSTER, goto, MARKUP_GROUP, type UiFixture } from '../support/ui-fixture.ts';

export function groupPages(f: UiFixture): void {
  describe('consumer groups', () => {
    it('a lagging group shows its real lag', async () => {
      const real = parseConsumerGroupDescribe(
        await kafkaConsumerGroups(f.kafka, ['--describe', '--group', 'lagging']),
      );
      const lag = real.reduce((sum, r) => sum + (r.lag ?? 0), 0);
      expect(lag).toBe(300 - 3 * 10);
      await goto(f, `/clusters/${CLUSTER}/groups`, 'main table tbody tr a');
      const row = (await tableRows(f.ui.page)).find((r) => r[0] === 'lagging');
      // Columns: group, type, state, status, members, topics, lag...
      expect(row?.[1]).toBe('classic');
      expect(row?.[6]).toBe(lag.toLocaleString('en-US'));
      await f.ui.screenshot('groups');
      await f.ui.page.getByRole('link', { name: 'lagging', exact: true }).click();
      await f.ui.page.locator('[data-testid=group-lag]').waitFor();
      expect(await f.ui.page.locator('[data-testid=group-lag]').innerText()).toBe(
        lag.toLocaleString('en-US'),
      );
      expect(await f.ui.page.locator('[data-testid=group-type]').innerText()).toBe('classic');
      await f.ui.page.locator('main table tbody tr').first().waitFor();
      await f.ui.screenshot('group');
    });

    it('a lagging group says why, the overview lists it with its first finding, and wall mode refreshes by itself', async () => {
      const why = '[data-testid=why-lagging] [data-testid=findings] li';
      await goto(f, `/clusters/${CLUSTER}/groups/lagging`, why);
      const first = f.ui.page.locator(why).first();
      expect(await first.getAttribute('data-kind')).toBe('noMembers');
      expect(await first.innerText()).toContain(
        'No consumer is running in this group (Empty) and 270 messages wait.',
      );
      await f.ui.screenshot('group-why');

      await goto(f, `/clusters/${CLUSTER}/brokers`, '[data-testid=leader-balance] [role=row][data-broker]');
      expect(await f.ui.page.locator('[data-testid=leader-balance] [role=row][data-broker]').count()).toBe(3);

      // Auto-refresh off: whatever reloads in wall mode, wall mode reloads itself.
      await f.ui.page.evaluate("localStorage.setItem('f.kestrel.refresh', '0')");
      const doctor = `[data-testid=cluster-doctor][data-cluster=${CLUSTER}]`;
      await goto(f, '/', `${doctor} li[data-group=lagging] .first`);
      expect(await f.ui.page.locator(`${doctor} li[data-group=lagging] .first`).innerText()).toContain(
        'No consumer is running',
      );
      let reloads = 0;
      const count = (request: { url(): string }) => {
        if (request.url().includes(`/clusters/${CLUSTER}/diagnosis`)) reloads++;
      };
      f.ui.page.on('request', count);
      try {
        await f.ui.page.locator('[data-testid=wall-mode]').click();
        await f.ui.page.locator('body.wall').waitFor();
        expect(await f.ui.page.locator('nav[aria-label=main]').isVisible()).toBe(false);
        await eventually(
          async () => (reloads >= 1 ? true : undefined),
          40_000,
          'wall mode to reload the overview',
        );
        await f.ui.screenshot('overview-wall');
        await f.ui.page.locator('[data-testid=wall-mode]').click();
        expect(await f.ui.page.locator('nav[aria-label=main]').isVisible()).toBe(true);
      } finally {
        f.ui.page.off('request', count);
        await f.ui.page.evaluate("localStorage.removeItem('f.kestrel.refresh')");
      }
    });

    it('a group named with HTML and script renders as text and runs nothing', async () => {
      await goto(f, `/clusters/${CLUSTER}/groups`, 'main table tbody tr a');
      const link = f.ui.page.getByRole('link', { name: MARKUP_GROUP, exact: true });
      expect(await link.innerText()).toBe(MARKUP_GROUP);
      await link.click();
      const title = f.ui.page.locator('[data-testid=group-id]');
      await title.waitFor();
      expect(await title.innerText()).toBe(MARKUP_GROUP);
      expect(new URL(f.ui.page.url()).pathname).toBe(
        `/clusters/${CLUSTER}/groups/${encodeURIComponent(MARKUP_GROUP)}`,
      );
      // The route survives a reload.
      await f.ui.page.reload();
      await title.waitFor();
      expect(await title.innerText()).toBe(MARKUP_GROUP);
      expect(await f.ui.page.locator('img[src="x"]').count()).toBe(0);
      expect(f.ui.dialogs).toEqual([]);
      await f.ui.screenshot('group-markup');
    });
  });
}
