import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { residentId } from '../helpers.ts';
import { chromiumMissing, serverAndBrowser } from './browser.ts';
import { readQrFromScreenshot } from './qr.ts';

describe('holder code in Chromium', { skip: chromiumMissing }, () => {
  const ctx = serverAndBrowser();

  it('register → declare → code screen; the QR in a screenshot verifies against the JWKS and the clock runs', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 390, height: 900 } });
    await page.goto(`${ctx.server.baseUrl}/register`);
    await page.fill('#field-name', '李秀英');
    await page.fill('#field-idNumber', residentId('13060219620708002'));
    await page.fill('#field-phone', '13800000002');
    await page.fill('#field-password', 'secret123');
    await page.getByRole('button', { name: '注册并领取健康码' }).click();

    await page.getByText('初次使用需先完成一次健康申报').waitFor();
    assert.equal(await page.getByTestId('qr').count(), 0, 'no code before the first declaration');
    await page.getByRole('button', { name: '去打卡' }).first().click();

    await page.getByRole('heading', { name: '去打卡' }).waitFor();
    await page.fill('#field-address', '莲池区东关大街1号');
    await page.selectOption('#field-regionCode', '13');
    await page.getByRole('combobox', { name: '市' }).first().selectOption('1306');
    await page.getByRole('combobox', { name: '区县' }).first().selectOption('130606');
    await page.fill('#field-temperature', '36.6');
    await page.getByRole('button', { name: '提交' }).click();

    await page.getByTestId('qr').waitFor();
    assert.equal(await page.locator('[data-status]').first().getAttribute('data-status'), 'green');
    assert.match(await page.locator('.status-label').innerText(), /绿码/);
    assert.match(await page.getByTestId('health-info').innerText(), /未见异常/);
    assert.equal(await page.getByTestId('code-name').innerText(), '李*英');
    assert.equal(await page.getByTestId('nucleic-acid').innerText(), '无近期核酸记录', 'the test line checkpoints read, even with no test');
    assert.match(await page.getByTestId('time-left').innerText(), /有效期剩余 [23]:\d\d/);

    const firstClock = await page.getByTestId('clock').innerText();
    const url = await readQrFromScreenshot(page);
    assert.ok(url.startsWith(`${ctx.server.baseUrl}/v/`), url);
    const token = url.slice(url.lastIndexOf('/') + 1);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
    const jwks = (await (await fetch(`${ctx.server.baseUrl}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    const jwk = jwks.keys.find((k) => k.kid === kid);
    assert.ok(jwk, 'the key that signed the code is published');
    assert.ok(verify(null, Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk as never, format: 'jwk' }), Buffer.from(signature, 'base64url')));
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    assert.deepEqual([claims.st, claims.nm], ['green', '李*英']);

    await page.waitForTimeout(1500);
    const secondClock = await page.getByTestId('clock').innerText();
    assert.notEqual(secondClock, firstClock, 'the clock advances between two screenshots');
    assert.match(secondClock, /^\d\d:\d\d:\d\d$/);

    await page.getByRole('button', { name: '查看打卡记录' }).click();
    await page.getByTestId('history').getByText('36.6℃').waitFor();

    // The next day's declaration starts from where the last one was made; the temperature is taken anew.
    await page.goBack();
    await page.getByRole('button', { name: '去打卡' }).first().click();
    await page.getByRole('heading', { name: '去打卡' }).waitFor();
    assert.equal(await page.inputValue('#field-address'), '莲池区东关大街1号');
    const county = page.getByRole('combobox', { name: '区县' }).first();
    await county.locator('option[value="130606"]').waitFor({ state: 'attached' });
    assert.equal(await county.inputValue(), '130606');
    assert.equal(await page.inputValue('#field-temperature'), '36.5');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByTestId('qr').waitFor();

    // Large text (适老化) on a small phone: the code stays whole inside its card, quiet zone included.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByTestId('toggle-large-text').click();
    const [qr, card] = await Promise.all([page.getByTestId('qr').boundingBox(), page.locator('.code-card').boundingBox()]);
    assert.ok(qr && card && qr.x >= card.x && qr.x + qr.width <= card.x + card.width, `QR ${JSON.stringify(qr)} inside card ${JSON.stringify(card)}`);
    assert.ok(qr.width >= 240, 'still large enough to scan at arm’s length');
    assert.equal(await readQrFromScreenshot(page).then((scanned) => scanned.startsWith(`${ctx.server.baseUrl}/v/`)), true, 'and it still scans');
    await page.close();
  });
});
