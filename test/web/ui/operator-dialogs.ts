// The dialogs that change the cluster: a topic delete refused and then done (both audited), and the
// reassignment and election previews, which change nothing.
import { describe, expect, it } from 'vitest';
import { kafkaTopics } from '../../kafka/tools.ts';
import { eventually } from '../../support/kestrel-process.ts';
import { tableRows } from '../support/browser.ts';
import { api, CLUSTER, goto, TOKEN, type UiFixture } from '../support/ui-fixture.ts';

export function operatorDialogs(f: UiFixture): void {
  describe('operator dialogs', () => {
    it("deleting a topic with a wrong token shows the server's error and keeps the topic", async () => {
      await goto(f, `/clusters/${CLUSTER}/topics/doomed`, '[data-testid=partitions] tbody tr');
      await f.ui.page.getByRole('button', { name: 'Delete topic' }).click();
      await f.ui.page.getByLabel('Admin token').fill('wrong-token');
      await f.ui.page.getByLabel('Type the topic name doomed to confirm').fill('doomed');
      await f.ui.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      const shown = await f.ui.page.getByRole('dialog').getByRole('alert').innerText();
      await f.ui.screenshot('delete-wrong-token');
      const direct = await api(f, `/clusters/${CLUSTER}/topics/doomed`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer wrong-token', 'content-type': 'application/json' },
        body: JSON.stringify({ confirm: 'doomed' }),
      });
      expect(shown).toBe(direct.body.message);
      expect(direct.status).toBe(401);
      expect(await kafkaTopics(f.kafka, ['--list'])).toMatch(/^doomed$/m);
      await f.ui.page.getByRole('button', { name: 'Cancel' }).click();
    });

    it('deleting a topic through the dialog with the admin token removes it from Kafka', async () => {
      await goto(f, `/clusters/${CLUSTER}/topics/doomed`, '[data-testid=partitions] tbody tr');
      await f.ui.page.getByRole('button', { name: 'Delete topic' }).click();
      await f.ui.page.getByLabel('Admin token').fill(TOKEN);
      await f.ui.page.getByLabel('Type the topic name doomed to confirm').fill('doomed');
      await f.ui.screenshot('delete-dialog');
      await f.ui.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await f.ui.page.waitForURL(`${f.kestrel.url}/clusters/${CLUSTER}/topics`);
      await eventually(
        async () => (/^doomed$/m.test(await kafkaTopics(f.kafka, ['--list'])) ? undefined : true),
        30_000,
        'doomed to be gone from Kafka',
      );
      // Both attempts, the refused one and the one that deleted, are on the audit page.
      await goto(f, '/audit', 'main table tbody tr');
      const rows = (await tableRows(f.ui.page)).filter(
        (r) => r[1] === 'topic.delete' && r[2] === `${CLUSTER}/doomed`,
      );
      // Newest first: the deletion, then the UI's and the direct wrong-token attempts.
      expect(rows.map((r) => r[3])).toEqual(['ok 200', 'denied 401', 'denied 401']);
      await f.ui.screenshot('audit-after-delete');
    });

    it('the reassign dialog shows Kestrel’s plan and the Brokers page previews a cluster-wide preferred election', async () => {
      await goto(f, `/clusters/${CLUSTER}/topics/payments`, '[data-testid=partitions] tbody tr');
      await f.ui.page.getByRole('button', { name: 'Reassign / change replication factor' }).click();
      const dialog = f.ui.page.getByRole('dialog');
      await dialog.getByLabel('Replication factor (now 3)').fill('2');
      await dialog.getByRole('button', { name: 'Propose a plan' }).click();
      const rows = dialog.locator('[data-testid=reassignment-plan] tbody tr');
      await rows.first().waitFor();
      const plan = await api(f, `/clusters/${CLUSTER}/topics/payments/reassignment/plan?replicationFactor=2`);
      const planned = plan.body.partitions as { partition: number; current: number[]; proposed: number[] }[];
      expect(await rows.count()).toBe(planned.length);
      for (const [i, p] of planned.entries()) {
        const cells = await rows.nth(i).locator('td').allInnerTexts();
        expect(cells.slice(0, 3)).toEqual([String(p.partition), p.current.join(', '), p.proposed.join(', ')]);
      }
      await f.ui.screenshot('reassign-plan');
      await dialog.getByRole('button', { name: 'Close' }).click();

      await goto(f, `/clusters/${CLUSTER}/brokers`, '[data-testid=leader-balance] [role=row][data-broker]');
      await f.ui.page.getByRole('button', { name: 'Elect preferred leaders (whole cluster)' }).click();
      const preview = await api(f, `/clusters/${CLUSTER}/elections/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'preferred' }),
      });
      const toElect = preview.body.toElect as unknown[];
      const text =
        toElect.length === 0
          ? 'Every partition is led by its preferred replica'
          : `${toElect.length} partition(s) would move to their preferred leader`;
      await f.ui.page.getByRole('dialog').getByText(text).waitFor();
      await f.ui.screenshot('elect-cluster');
      await f.ui.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      // Nothing was changed: no reassignment, no election.
      expect((await api(f, `/clusters/${CLUSTER}/topics/payments`)).body.replicationFactor).toBe(3);
    });
  });
}
