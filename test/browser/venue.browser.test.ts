import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { declarationBody, registeredHolder, residentId, TEST_PASSWORD, type TestClient } from '../helpers.ts';
import { chromiumMissing, launchBrowser, startServer, textUnderAaContrast } from './browser.ts';
import { readQrFromScreenshot } from './qr.ts';

describe('venue poster and check-in in Chromium', { skip: chromiumMissing }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let manager: TestClient;
  before(async () => {
    server = await startServer();
    ({ client: manager } = await registeredHolder(server.app, { name: '王经理', idNumber: residentId('13060219700101001'), phone: '13700000001' }));
    await manager.post('/api/v1/venues', { name: '东关菜市场', category: 'mall', address: '东关大街88号', regionCode: '130606', contactName: '王经理', contactPhone: '13700000001' });
    const visitor = await registeredHolder(server.app, { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' });
    await visitor.client.post(`/api/v1/persons/${visitor.account.person.id}/declarations`, declarationBody());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const signIn = async (page: import('playwright-core').Page, phone: string) => {
    await page.fill('#field-phone', phone);
    await page.fill('#field-password', TEST_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  };

  it('a resident applies for a venue code, their own name and number already filled in as its contact', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent('/venue')}`);
    await signIn(page, '13800000001');
    await page.getByRole('heading', { name: '申领场所码' }).waitFor();
    assert.deepEqual([await page.inputValue('#field-contactName'), await page.inputValue('#field-contactPhone')], ['张伟', '13800000001']);
    await page.fill('#field-name', '东关小吃店');
    await page.selectOption('#field-regionCode', '13');
    await page.getByRole('combobox', { name: '市' }).selectOption('1306');
    await page.getByRole('combobox', { name: '区县' }).selectOption('130606');
    await page.fill('#field-address', '东关大街90号');
    await page.getByRole('button', { name: '申领场所码' }).click();
    assert.equal(await page.getByTestId('venue-name').innerText(), '东关小吃店');
    // The venue's own pages lead back to the venue, not to the code screen.
    await page.getByRole('button', { name: '登记无手机人员' }).click();
    await page.getByRole('button', { name: '‹ 返回' }).click();
    await page.getByTestId('venue-name').waitFor();
    await page.close();
  });

  it('prints the poster; its QR opens the check-in; a holder signs in and gets the pass with a running clock', async () => {
    const managerContext = await browser.newContext({ viewport: { width: 794, height: 1123 } });
    const managerPage = await managerContext.newPage();
    await managerPage.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent('/venue/poster')}`);
    await signIn(managerPage, '13700000001');
    await managerPage.getByTestId('poster-qr').waitFor();
    const poster = await managerPage.getByTestId('poster').innerText();
    for (const words of ['东关菜市场', '打开微信“扫一扫”或手机相机', 'Scan the code above and sign in to check in', '向工作人员出示登记成功页面']) {
      assert.ok(poster.includes(words), words);
    }
    const url = await readQrFromScreenshot(managerPage);
    assert.ok(url.startsWith(`${server.baseUrl}/c/s.`), url);
    await managerContext.close();

    const visitorContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await visitorContext.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: '东关菜市场' }).waitFor();
    await page.getByRole('button', { name: '登录后完成场所登记' }).click();
    await signIn(page, '13800000001');

    const pass = page.getByTestId('pass');
    await pass.waitFor();
    assert.equal(await page.getByTestId('pass-venue').innerText(), '东关菜市场');
    const text = await pass.innerText();
    assert.match(text, /登记成功/);
    assert.match(text, /张\*/);
    assert.match(text, /绿码/);
    assert.match(text, /可以进入/);
    assert.equal(await pass.locator('[data-status]').first().getAttribute('data-status'), 'green');
    assert.deepEqual(await textUnderAaContrast(page, '[data-testid="pass"]'), [], 'every word on the pass can be read');
    const first = await page.getByTestId('clock').innerText();
    await page.waitForTimeout(1200);
    assert.notEqual(await page.getByTestId('clock').innerText(), first, 'the clock runs');
    const rows = await server.deps.db.selectFrom('checkins').select(['method']).execute();
    assert.deepEqual(rows, [{ method: 'scan' }], 'the pass shows a stored check-in');
    // Installed as an app there is no browser back button: the pass has its own way out, to the code.
    await pass.getByRole('button', { name: '完成' }).click();
    await page.getByTestId('health-info').waitFor();
    // 14天内个人到访地: the holder finds the visit among their own records.
    await page.getByRole('button', { name: '查看打卡记录' }).click();
    await page.getByTestId('visits').getByText('东关菜市场').waitFor();
    assert.match(await page.getByTestId('visits').innerText(), /河北省 保定市 莲池区/);
    await visitorContext.close();
  });

  it('a manager asks for visitor statistics and, once the authority grants them, sees them drawn', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent('/venue')}`);
    await signIn(page, '13700000001');
    await page.getByRole('button', { name: '申请统计权限' }).click();
    await page.getByText('已申请统计权限，等待防控部门审核').waitFor();
    const admin = await server.deps.accounts.createStaffAccount(server.deps.db, { name: '防控管理员', phone: '13900000031', password: TEST_PASSWORD, roles: ['authority_admin'] });
    const venue = await server.deps.db.selectFrom('venues').select('id').where('name', '=', '东关菜市场').executeTakeFirstOrThrow();
    await server.deps.venues.grantStats(server.deps.db, admin, venue.id);
    await page.reload();
    await page.getByRole('button', { name: '查看统计（已获授权）' }).click();
    await page.getByRole('heading', { name: '访客统计' }).waitFor();
    assert.match(await page.getByTestId('trend').innerText(), /：1 \/ 0$/, 'the check-in of the test before, this week');
    const drawn = page.locator('.chart').filter({ has: page.locator('canvas') });
    await drawn.nth(2).waitFor();
    assert.equal(await drawn.count(), 3, 'per hour, per day and the colour mix');
    await page.close();
  });

  it('a holder who may not enter gets a red pass with a yellow entry, every word of it readable', async () => {
    const { client, account } = await registeredHolder(server.app, { name: '赵敏', idNumber: residentId('13060219800101003'), phone: '13800000021' });
    await client.post(`/api/v1/persons/${account.person.id}/declarations`, declarationBody({ symptoms: ['cough'] }));
    const poster = (await manager.get('/api/v1/venues/mine/poster')).json() as { url: string };
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent(new URL(poster.url).pathname)}`);
    await signIn(page, '13800000021');
    const pass = page.getByTestId('pass');
    await pass.waitFor();
    assert.match(await pass.innerText(), /黄码[\s\S]*请勿进入/);
    assert.equal(await pass.locator('[data-status]').first().getAttribute('data-status'), 'yellow');
    assert.deepEqual(await textUnderAaContrast(page, '[data-testid="pass"]'), [], 'the pass as a whole');
    assert.deepEqual(await textUnderAaContrast(page, '[data-testid="pass"] [data-status="yellow"]'), [], 'the yellow entry');
    await context.close();
  });
});
