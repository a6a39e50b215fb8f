// The Brokers and Controller pages, each figure checked against the cluster and its quorum.
import { describe, expect, it } from 'vitest';
import { tableRows } from '../support/browser.ts';
import { CLUSTER, goto, type UiFixture } from '../support/ui-fixture.ts';

export function brokerPages(f: UiFixture): void {
  describe('brokers and controller', () => {
    it('brokers page, opened by URL (the server falls back to the SPA), lists the three brokers up', async () => {
      await goto(f, `/clusters/${CLUSTER}/brokers`, 'main table tbody tr');
      const rows = await tableRows(f.ui.page);
      expect(rows.map((r) => [r[0], r[1]])).toEqual(
        f.kafka.brokers.map((b) => [b.id === f.leader ? `${b.id}controller` : String(b.id), 'up']),
      );
      await f.ui.screenshot('brokers');
    });

    it('controller page shows the quorum leader and its voters', async () => {
      await goto(f, `/clusters/${CLUSTER}/controller`, '[data-testid=controller-id]');
      expect(await f.ui.page.locator('[data-testid=controller-id]').innerText()).toBe(String(f.leader));
      expect((await tableRows(f.ui.page)).length).toBeGreaterThanOrEqual(3);
      await f.ui.screenshot('controller');
    });
  });
}
