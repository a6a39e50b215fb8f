// The message browser: a message holding markup is shown as text.
import { describe, expect, it } from 'vitest';
import { kafkaFor } from '../../../local-kafka/client.ts';
import { CLUSTER, goto, MARKUP_GROUP, TOKEN, type UiFixture } from '../support/ui-fixture.ts';

export function messageBrowser(f: UiFixture): void {
  describe('message browser', () => {
    it('a message holding HTML shows as text in the message browser, opened from its partition row', async () => {
      const producer = kafkaFor(f.kafka).producer();
      await producer.connect();
      await producer.send({
        topic: 'payments',
        messages: [
          {
            partition: 1,
            key: '<script>alert(2)</script>',
            value: MARKUP_GROUP,
            headers: { h: MARKUP_GROUP },
          },
        ],
      });
      await producer.disconnect();
      await goto(f, `/clusters/${CLUSTER}/topics/payments`, '[data-testid=partitions] tbody tr');
      await f.ui.page
        .locator('[data-testid=partitions] tbody tr')
        .nth(1)
        .getByRole('link', { name: 'messages' })
        .click();
      await f.ui.page.getByLabel('Admin token').fill(TOKEN); // reading messages needs it; the page asked (401)
      await f.ui.page.getByRole('button', { name: 'Read' }).click();
      const value = f.ui.page.locator('[data-testid=message-value]').first();
      await value.waitFor();
      expect(new URL(f.ui.page.url()).search).toBe('?partitions=1');
      expect(await value.innerText()).toBe(MARKUP_GROUP);
      expect(await f.ui.page.locator('[data-testid=message-key]').first().innerText()).toBe(
        '<script>alert(2)</script>',
      );
      expect(await f.ui.page.locator('[data-testid=message-header]').first().innerText()).toBe(MARKUP_GROUP);
      expect(await f.ui.page.locator('img[src="x"]').count()).toBe(0);
      expect(f.ui.dialogs).toEqual([]);
      await f.ui.screenshot('message-markup');
    });
  });
}
