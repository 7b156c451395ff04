import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorityClients } from '../helpers.ts';
import { chromiumMissing, serverAndBrowser } from './browser.ts';

describe('registration and sign-in in Chromium', { skip: chromiumMissing }, () => {
  const ctx = serverAndBrowser();

  it('registers, sees field errors in the chosen language, keeps large text, signs out and in again', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${ctx.server.baseUrl}/register`);
    await page.getByRole('heading', { name: '实名注册' }).waitFor();

    // A bad ID number (wrong check digit) and a weak password: errors beside each field, in Chinese.
    await page.fill('#field-name', '张伟');
    await page.fill('#field-idNumber', '110105194912310021');
    await page.fill('#field-phone', '13800000001');
    await page.fill('#field-password', 'short');
    await page.getByRole('button', { name: '注册并领取健康码' }).click();
    const idError = page.locator('[data-field="idNumber"]');
    await idError.waitFor();
    assert.match(await idError.innerText(), /校验位不正确/);
    assert.match(await page.locator('[data-field="password"]').innerText(), /至少8位/);

    // Switch to English and resubmit: the same errors in English.
    await page.getByTestId('toggle-lang').click();
    await page.getByRole('button', { name: 'Register and get my code' }).click();
    await page.locator('[data-field="idNumber"]', { hasText: 'check digit' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    // Large text (适老化) enlarges the root font and survives a reload, as does the language.
    await page.getByTestId('toggle-large-text').click();
    const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    assert.equal(await rootSize(), 22);
    await page.reload();
    await page.getByRole('heading', { name: 'Register' }).waitFor();
    assert.equal(await rootSize(), 22);

    // Correct the number (lowercase x is fine) and the password: registered and signed in.
    await page.fill('#field-name', '张伟');
    await page.fill('#field-idNumber', '11010519491231002x');
    await page.fill('#field-phone', '13800000001');
    await page.fill('#field-password', 'secret123');
    await page.getByRole('button', { name: 'Register and get my code' }).click();
    // A new holder has no code until the first declaration, and is told so.
    await page.getByText('Complete a health declaration first').waitFor();
    await page.getByRole('button', { name: 'My account' }).click();
    await page.getByTestId('own-id').waitFor();
    assert.equal(await page.getByTestId('own-id').innerText(), '11010519491231002X');
    assert.equal(await page.getByTestId('own-name').innerText(), '张伟');
    // A long English label (Resident Identity Card) wraps in its own column, and the values keep most of the
    // row: the note on how the identity was checked wraps between words, not after every few letters.
    const [facts, note] = await Promise.all([page.locator('dl.facts').boundingBox(), page.locator('dl.facts dd', { hasText: 'authoritative' }).boundingBox()]);
    assert.ok(note!.width >= facts!.width * 0.45, `values ${note!.width} px of ${facts!.width}`);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.fill('#field-phone', '13800000001');
    await page.fill('#field-password', 'wrong-pass1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong phone number or password').waitFor();
    await page.fill('#field-password', 'secret123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('health-info').waitFor();
    await context.close();
  });

  it('speaks the phone’s language until the user chooses one, then keeps the choice', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${ctx.server.baseUrl}/register`);
    await page.getByRole('heading', { name: 'Register' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    // An API error follows the page's language too.
    await page.getByRole('button', { name: 'Register and get my code' }).click();
    await page.locator('[data-field="name"]').waitFor();
    assert.doesNotMatch(await page.locator('[data-field="name"]').innerText(), /[\u4e00-\u9fff]/);

    await page.getByTestId('toggle-lang').click();
    await page.getByRole('heading', { name: '实名注册' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '实名注册' }).waitFor();
    await context.close();
  });

  it('lets anyone find the medium- and high-risk areas from the sign-in page, at the platform’s times on a phone in another zone', async () => {
    const { operator } = await authorityClients(ctx.server);
    const validFrom = Date.parse('2026-12-01T16:30:00Z');
    assert.equal((await operator.post('/api/v1/authority/risk-areas', { regionCode: '130606', level: 'high', validFrom })).statusCode, 201);
    const context = await ctx.browser.newContext({ viewport: { width: 360, height: 740 }, timezoneId: 'Asia/Urumqi' });
    const page = await context.newPage();
    await page.goto(`${ctx.server.baseUrl}/sign-in`);
    await page.getByRole('link', { name: '中高风险地区查询' }).click();
    const high = page.getByTestId('risk-high');
    await high.getByText('河北省 保定市 莲池区').waitFor();
    assert.match(await high.innerText(), /自 2026\/12\/02 00:30 起/, 'Beijing time, not the phone’s (22:30 there)');
    assert.match(await page.getByTestId('risk-medium').innerText(), /中风险地区 \(0\)/);
    // In English the places are named as China's signs name them, and found typed in lower case.
    await page.getByTestId('toggle-lang').click();
    await high.getByText('Lianchi District, Baoding, Hebei').waitFor();
    await page.getByLabel('Filter by place name').fill('baoding');
    await high.getByText('Lianchi District, Baoding, Hebei').waitFor();
    await page.getByLabel('Filter by place name').fill('shanghai');
    await high.getByText('Lianchi District').waitFor({ state: 'detached' });
    await context.close();
  });

  it('lets anyone read the rules in force and the limits they meet (赋码规则), from the sign-in page', async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${ctx.server.baseUrl}/sign-in`);
    await page.getByRole('link', { name: '赋码规则' }).click();
    const thresholds = page.getByTestId('rule-thresholds');
    await thresholds.waitFor();
    assert.match(await thresholds.innerText(), /红码（非在治病例）转绿：连续健康申报\s+14 天/);
    assert.match(await thresholds.innerText(), /体温达到即为发热\s+37\.3 ℃/);
    assert.match(await page.getByTestId('rule-limits').innerText(), /每天健康申报（以当天最后一次为准）\s+3/);
    assert.match(await page.getByTestId('rules-in-force').innerText(), /现行规则版本：baseline-1/);
    // 常见问题, answered with this platform's numbers.
    await page.getByText('申报填错了，导致黄码或红码怎么办？').click();
    await page.getByTestId('faq').getByText(/以当天最后一次为准（每天最多3次）/).waitFor();
    await context.close();
  });
});
