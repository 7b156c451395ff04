import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { registeredHolder, residentId } from '../helpers.ts';
import { chromiumMissing, launchBrowser, startServer } from './browser.ts';

describe('sign-in by text message code in Chromium', { skip: chromiumMissing }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const sent: string[] = [];
  before(async () => {
    server = await startServer({ smsSender: { send: async (_phone, text) => void sent.push(text) } });
    await registeredHolder(server.app, { name: '王芳', idNumber: residentId('11010319900101003'), phone: '13800000003' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('asks for a code, counts down to the next one, and signs in with the code from the message', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByRole('button', { name: '验证码登录' }).click();
    assert.equal(await page.locator('#field-password').count(), 0, 'no password asked for');
    await page.fill('#field-phone', '13800000003');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByRole('button', { name: /秒后重发/ }).waitFor();
    assert.ok(await page.getByRole('button', { name: /秒后重发/ }).isDisabled(), 'no second code at once');
    assert.equal(sent.length, 1);
    await page.fill('#field-code', sent[0]!.match(/\d{6}/)![0]);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${server.baseUrl}/`);
    await page.getByRole('button', { name: '去打卡' }).first().waitFor();
  });
});
