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

    // Signed in because the password was forgotten: a new one is set on the account page, proved by a code.
    await page.goto(`${server.baseUrl}/account`);
    await page.fill('#field-currentPassword', 'not-my-password-1');
    await page.fill('#field-newPassword', 'my-new-pass-2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.locator('[data-field="currentPassword"]').getByText('当前密码不正确').waitFor();
    await page.getByRole('button', { name: '忘记当前密码？用短信验证码' }).click();
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/验证码已发送，请\d+秒后再重新获取/).waitFor();
    // The texts to one number are a minute apart; the next is sent as if that minute had passed.
    await server.deps.accounts.requestSignInCode(server.deps.db, { phone: '13800000003' }, 'zh-CN');
    await page.fill('#field-code', sent.at(-1)!.match(/\d{6}/)![0]);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByTestId('password-changed').waitFor();
    assert.equal(await page.inputValue('#field-newPassword'), '', 'the new password is not left on the screen');
    const response = await page.request.post(`${server.baseUrl}/api/v1/auth/sign-in`, { data: { phone: '13800000003', password: 'my-new-pass-2026' } });
    assert.equal(response.status(), 200, 'the new password signs in');
  });
});
