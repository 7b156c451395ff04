import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { insertCheckins } from '../../src/modules/checkins/checkins.repository.ts';
import { declarationBody, registeredHolder, residentId, TEST_PASSWORD } from '../helpers.ts';
import { chromiumMissing, launchBrowser, startServer } from './browser.ts';

const CASE_ID = residentId('13060219800101000');

describe('authority console in Chromium', { skip: chromiumMissing }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    await server.deps.accounts.createStaffAccount(server.deps.db, { name: '防控操作员', phone: '13900000011', password: TEST_PASSWORD, roles: ['authority_operator', 'authority_admin'] });
    const patient = await registeredHolder(server.app, { name: '病例甲', idNumber: CASE_ID, phone: '13800000100' });
    const contact = await registeredHolder(server.app, { name: '同行乙', idNumber: residentId('13060219800101001'), phone: '13800000101' });
    for (const p of [patient, contact]) await p.client.post(`/api/v1/persons/${p.account.person.id}/declarations`, declarationBody());
    const venue = (await patient.client.post('/api/v1/venues', { name: '东关菜市场', category: 'mall', address: '东关大街88号', regionCode: '130606', contactName: '病例甲', contactPhone: '13800000100' })).json();
    const at = Date.now() - 86_400_000;
    const row = (id: string, personId: string, t: number) => ({ id, venue_id: venue.id, person_id: personId, checked_in_at: t, method: 'scan', recorded_by_account_id: 'x', status: 'green', region_code: '130606' });
    await insertCheckins(server.deps.db, [row('case-visit', patient.account.person.id, at), row('contact-visit', contact.account.person.id, at + 10 * 60_000)]);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const signIn = async (page: Page, phone: string, next = '/') => {
    await page.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
    await page.fill('#field-phone', phone);
    await page.fill('#field-password', TEST_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  };

  it('an operator imports a case, traces it, pushes pop-ups; the contact’s page then shows the pop-up', async () => {
    const operator = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(operator, '13900000011', '/console/facts');
    await operator.getByTestId('fact-kind').waitFor();
    await operator.getByTestId('csv').fill(`id_type,id_number,name,kind,opened_at\nresident_id,${CASE_ID},病例甲,confirmed,2026-11-20 08:00\n`);
    await operator.getByRole('button', { name: '导入' }).click();
    await operator.locator('[data-testid="job"][data-status="done"]').waitFor();

    await operator.getByRole('button', { name: '流调' }).click();
    await operator.getByTestId('case').locator('option').first().waitFor({ state: 'attached' });
    await operator.getByRole('button', { name: '查询' }).click();
    const contacts = operator.getByTestId('contacts');
    await contacts.waitFor();
    const text = await contacts.innerText();
    assert.match(text, /同\*乙/);
    assert.doesNotMatch(text, /同行乙/, 'the list is masked');
    await operator.getByRole('button', { name: /推送A类弹窗/ }).click();
    await operator.locator('[data-testid="job"][data-status="done"]').waitFor();
    await operator.close();

    const holder = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await signIn(holder, '13800000101');
    const info = holder.getByTestId('health-info');
    await info.waitFor();
    await holder.getByText('弹窗提示（A类）：与确诊病例时空伴随').waitFor();
    assert.match(await info.innerText(), /经过数据库查询，您有以下出行提示：/);
    assert.equal(await holder.locator('[data-status]').first().getAttribute('data-status'), 'yellow');
    await holder.close();
  });
});
