import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chromiumMissing, serverAndBrowser } from './browser.ts';

describe('the web app when the server sheds load, in Chromium', { skip: chromiumMissing }, () => {
  const ctx = serverAndBrowser();

  it('asks again by itself after Retry-After, saying so meanwhile, and shows the page once served', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 } });
    let asked = 0;
    // The server's own refusal (src/http/overload.ts), twice.
    await page.route('**/api/v1/auth/session', async (route) => {
      asked++;
      if (asked > 2) return route.continue();
      await route.fulfill({
        status: 503,
        headers: { 'retry-after': '1', 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ error: { code: 'OVERLOADED', message: '系统繁忙，请稍后再试' } }),
      });
    });
    await page.goto(`${ctx.server.baseUrl}/sign-in`);

    await page.getByTestId('busy-notice').waitFor();
    assert.equal(await page.getByTestId('busy-notice').innerText(), '系统繁忙，正在为您自动重试…');
    await page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: 10_000 });
    assert.equal(asked, 3, 'refused twice, then served');
    await page.getByTestId('busy-notice').waitFor({ state: 'detached' });
    await page.close();
  });

  it('shows the refusal once it has asked again three times in vain', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${ctx.server.baseUrl}/sign-in`);
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    let asked = 0;
    await page.route('**/api/v1/auth/sign-in', async (route) => {
      asked++;
      await route.fulfill({
        status: 503,
        headers: { 'retry-after': '1', 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ error: { code: 'OVERLOADED', message: '系统繁忙，请稍后再试' } }),
      });
    });
    await page.fill('#field-phone', '13800000009');
    await page.fill('#field-password', 'secret123');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('系统繁忙，请稍后再试').waitFor({ timeout: 15_000 });
    assert.equal(asked, 4, 'the first request and three more');
    assert.equal(await page.getByTestId('busy-notice').count(), 0);
    await page.close();
  });
});
