// A broker killed: the pages and the Alerts page show it down and its partitions under-replicated.
// It runs last, as the cluster stays one broker short.
import { describe, expect, it } from 'vitest';
import { kafkaTopics, parseTopicDescribe } from '../../kafka/tools.ts';
import { eventually } from '../../support/kestrel-process.ts';
import { tableRows } from '../support/browser.ts';
import { api, CLUSTER, goto, settled, type UiFixture } from '../support/ui-fixture.ts';

export function brokerFailure(f: UiFixture): void {
  describe('a broker killed', () => {
    it('after a broker is killed the UI shows it down and the partitions under-replicated', async () => {
      const victim = f.kafka.brokers.find((b) => b.id !== f.leader)!.id;
      await f.kafka.killBroker(victim);
      await eventually(
        async () => {
          await goto(f, `/clusters/${CLUSTER}/brokers`, 'main table tbody tr');
          const row = (await tableRows(f.ui.page)).find((r) => r[0]?.startsWith(String(victim)));
          return row?.[1] === 'down' ? true : undefined;
        },
        60_000,
        `broker ${victim} shown down`,
      );
      await f.ui.screenshot('brokers-down');
      await eventually(
        async () => {
          await goto(f, `/clusters/${CLUSTER}/topics/orders`, '[data-testid=partitions] tbody tr');
          const urp = Number(await f.ui.page.locator('[data-testid=topic-urp]').innerText());
          return urp === 3 ? true : undefined;
        },
        60_000,
        'orders shown with 3 under-replicated partitions',
      );
      const real = parseTopicDescribe(await kafkaTopics(f.kafka, ['--describe', '--topic', 'orders']));
      expect(real.every((p) => !p.isr.includes(victim))).toBe(true);
      const rows = await tableRows(f.ui.page, '[data-testid=partitions]');
      for (const row of rows) expect(row[3]).toContain(`missing from ISR: ${victim}`);
      await f.ui.screenshot('topic-under-replicated');
      await goto(f, '/', '[data-testid=cluster-card]');
      await f.ui.page.getByText('1 broker(s) down').waitFor();
      expect(await f.ui.page.locator('[data-testid=brokers-up]').innerText()).toBe('2 up / 1 down');
      await f.ui.screenshot('overview-broker-down');

      // The alerts engine saw it too: the Alerts page lists the broker down and the ISR shrinks
      // of every orders partition as firing, as the API does.
      const firing = async () => {
        await goto(f, '/alerts', 'main h1');
        await settled(f.ui);
        return (await tableRows(f.ui.page)).filter((r) => r[0]?.startsWith('firing'));
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
      const fromApi = await api(f, '/alerts?state=firing');
      expect(firingRows.length).toBe((fromApi.body.items as unknown[]).length);
      await f.ui.screenshot('alerts-firing');
    });
  });
}
