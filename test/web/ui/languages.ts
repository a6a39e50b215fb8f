// Simplified Chinese and the dark theme: kept across a reload, every label translated, and the
// CJK glyphs really drawn.
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS } from '../support/browser.ts';
import { cjkGlyphsRender } from '../support/glyphs.ts';
import { CLUSTER, inFreshContext, type UiFixture } from '../support/ui-fixture.ts';

export function languagesAndThemes(f: UiFixture): void {
  describe('languages and themes', () => {
    it('switches to Simplified Chinese and the dark theme, and keeps both across a reload', async () => {
      await inFreshContext(f, 'en-US', async (page) => {
        await page.goto(`${f.kestrel.url}/clusters/${CLUSTER}/topics`);
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
      });
    });

    it('in Chinese, state and lag status read differently, badges and legends are translated, and glyphs are real', async () => {
      await inFreshContext(f, 'zh-CN', async (page) => {
        // Without the sort arrows (↕ ▲ ▼) of sortable columns.
        const headers = async () =>
          (await page.locator('main table thead th').allInnerTexts()).map((h) =>
            h.replace(/[↕▲▼]/g, '').trim(),
          );
        await page.goto(`${f.kestrel.url}/clusters/${CLUSTER}/groups`);
        await page.locator('main table tbody tr a').first().waitFor();
        const groupHeaders = await headers();
        expect(groupHeaders).toEqual(expect.arrayContaining(['状态', '积压状态']));
        expect(new Set(groupHeaders).size).toBe(groupHeaders.length);

        await page.goto(`${f.kestrel.url}/clusters/${CLUSTER}/groups/lagging`);
        await page.locator('[data-testid=group-lag]').waitFor();
        expect(await page.locator('main dl.stats dt').allInnerTexts()).toEqual(
          expect.arrayContaining(['状态', '积压状态']),
        );
        await page.locator('figure.chart .u-legend .u-series').first().waitFor();
        expect(await page.locator('figure.chart .u-legend .u-series').first().innerText()).toContain('时间');
        await page.screenshot({ path: `${SCREENSHOTS}/group-zh.png`, fullPage: true });

        await page.goto(`${f.kestrel.url}/clusters/${CLUSTER}/topics/orders`);
        await page.locator('[data-testid=partitions] tbody tr').first().waitFor();
        expect(await headers()).toEqual(expect.arrayContaining(['状态', '积压状态']));

        await page.goto(`${f.kestrel.url}/alerts`);
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
      });
    });
  });
}
