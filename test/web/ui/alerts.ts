// The Alerts and Audit pages, and a lag-status alert from rule to webhook notification.
import { describe, expect, it } from 'vitest';
import { eventually } from '../../support/kestrel-process.ts';
import { tableRows } from '../support/browser.ts';
import { goto, settled, type UiFixture } from '../support/ui-fixture.ts';

export function alertPages(f: UiFixture): void {
  describe('alerts and audit', () => {
    it('alerts and audit pages render, with a clear state for whatever the server lacks', async () => {
      for (const page of ['alerts', 'audit']) {
        await goto(f, `/${page}`, 'main h1');
        // Every panel settles: a table or an error naming what is unavailable, never a spinner.
        await settled(f.ui);
        const panels = await f.ui.page.locator('main table, main [role=alert]').count();
        expect(panels).toBeGreaterThan(0);
        await f.ui.screenshot(page);
      }
      expect(f.ui.pageErrors).toEqual([]);
    });

    it('a lag-status alert is critical and shows its status; its notification links back to Kestrel', async () => {
      const row = await eventually(
        async () => {
          await goto(f, '/alerts', 'main h1');
          await settled(f.ui);
          return (await tableRows(f.ui.page)).find(
            (r) => r[2] === 'LaggingStatus' && r[0]?.startsWith('firing'),
          );
        },
        60_000,
        'LaggingStatus firing on the Alerts page',
      );
      expect(row[3]).toContain('group=lagging');
      expect(row[1]).toBe('critical');
      expect(row[4]).toBe('ERR');
      const rule = (await tableRows(f.ui.page)).find((r) => r[0] === 'LaggingStatus' && r[1] === 'lagStatus');
      expect(rule?.[5]).toBe('group: lagging · statuses: WARN, ERR');
      // Without a token, Send test is greyed out and the page says where the token goes.
      const hint = f.ui.page.locator('[data-testid=test-send-hint]');
      expect(await hint.innerText()).toMatch(/enter the admin token under “Admin token”/);
      expect(await f.ui.page.getByRole('button', { name: 'Send test' }).isDisabled()).toBe(true);
      await hint.getByRole('button').click();
      expect(await f.ui.page.locator('details.admin').getAttribute('open')).not.toBeNull();
      await f.ui.screenshot('alerts-lag-status');

      const notification = await eventually(
        async () => f.receiver.matching('LaggingStatus', 'firing')[0],
        30_000,
        'the LaggingStatus notification at the webhook',
      );
      // No alerts.externalUrl configured: links use the address Kestrel listens on.
      expect(notification.body.externalURL).toBe(f.kestrel.url);
      const alert = (
        notification.body.alerts as unknown as { labels: Record<string, string>; generatorURL: string }[]
      ).find((a) => a.labels.alertname === 'LaggingStatus');
      expect(alert?.labels.severity).toBe('critical');
      expect(alert?.generatorURL.startsWith(`${f.kestrel.url}/alerts?`)).toBe(true);
      expect(f.kestrel.output()).toContain('alerts.externalUrl is not set');
    });
  });
}
