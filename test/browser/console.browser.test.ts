import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { insertAuditEntry, listAuditEntries } from '../../src/modules/audit/audit.repository.ts';
import { insertCheckins } from '../../src/modules/checkins/checkins.repository.ts';
import { wallClockMinute } from '../../src/shared/calendar.ts';
import { declarationBody, registeredHolder, residentId, TestClient, TEST_PASSWORD } from '../helpers.ts';
import { chromiumMissing, launchBrowser, startServer } from './browser.ts';

const CASE_ID = residentId('13060219800101000');

describe('authority console in Chromium', { skip: chromiumMissing }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    await server.deps.accounts.createStaffAccount(server.deps.db, { name: '防控操作员', phone: '13900000011', password: TEST_PASSWORD, roles: ['authority_operator', 'authority_admin'] });
    await server.deps.accounts.createStaffAccount(server.deps.db, { name: '防控审批员', phone: '13900000012', password: TEST_PASSWORD, roles: ['authority_approver'] });
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
    await page.getByRole('button', { name: '登录', exact: true }).click();
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
    await operator.getByRole('button', { name: '查询', exact: true }).click();
    const contacts = operator.getByTestId('contacts');
    await contacts.waitFor();
    const text = await contacts.innerText();
    assert.match(text, /同\*乙/);
    assert.doesNotMatch(text, /同行乙/, 'the list is masked');
    await operator.getByRole('button', { name: /推送A类弹窗/ }).click();
    await operator.locator('[data-testid="job"][data-status="done"]').waitFor();
    // 重点涉疫场所: a venue found by name, everyone checked in there in the last day, pop-ups pushed the same way.
    const exposed = operator.getByTestId('exposed-venue');
    await exposed.getByLabel('场所名称').fill('菜市场');
    await exposed.getByRole('button', { name: '查找场所' }).click();
    await exposed.getByRole('button', { name: '查询到访人员' }).click();
    const visitors = operator.getByTestId('visitors');
    await visitors.getByText('同*乙').waitFor();
    assert.doesNotMatch(await visitors.innerText(), /同行乙/, 'masked');
    assert.equal(await operator.getByLabel('弹窗原因').last().inputValue(), '东关菜市场涉疫，同时段到访');
    // The case's own visit falls on the edge of the last day; whoever is found, the case is left out.
    const casePerson = visitors.getByLabel('病*甲');
    if (await casePerson.count()) await casePerson.uncheck();
    await operator.getByRole('button', { name: /推送A类弹窗/ }).last().click();
    await operator.locator('[data-testid="job"][data-status="done"]').nth(1).waitFor();
    const pushed = await listAuditEntries(server.deps.db, { actionPrefix: 'popup.push', limit: 1 });
    assert.equal(pushed[0]?.reason, '东关菜市场涉疫，同时段到访');
    // The console is staff's home: its last tab is where they sign out.
    await operator.getByRole('button', { name: '我的账号' }).click();
    await operator.getByRole('button', { name: '退出登录', exact: true }).waitFor();
    await operator.close();

    const holder = await browser.newPage({ viewport: { width: 390, height: 900 } });
    await signIn(holder, '13800000101');
    const info = holder.getByTestId('health-info');
    await info.waitFor();
    await holder.getByText('弹窗提示（A类）：与确诊病例时空伴随').waitFor();
    assert.match(await info.innerText(), /经过数据库查询，您有以下出行提示：/);
    assert.equal(await holder.locator('[data-status]').first().getAttribute('data-status'), 'yellow');
    // 赋码记录: how the colour changed, and why.
    await holder.getByRole('button', { name: '查看打卡记录' }).click();
    const changes = holder.getByTestId('status-changes');
    await changes.locator('[data-status="yellow"]').first().waitFor();
    assert.deepEqual(
      await changes.locator('[data-status]').evaluateAll((items) => items.map((i) => i.getAttribute('data-status'))),
      ['yellow', 'yellow', 'green'],
      'latest first: the venue’s pop-up added a reason, the case’s turned it yellow',
    );
    assert.match(await changes.innerText(), /弹窗提示（A类）：与确诊病例时空伴随/);
    await holder.close();
  });

  it('an admin sets up a checkpoint and its verifier, trusts another platform, and the verifier signs in to scan', async () => {
    const admin = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(admin, '13900000011', '/console/checkpoints');
    const organisations = admin.getByTestId('organisations');
    await organisations.waitFor();
    await admin.fill('#organisation-name', '南关社区卡口');
    await organisations.getByRole('button', { name: '创建' }).click();
    await organisations.getByRole('cell', { name: '南关社区卡口' }).waitFor();
    await organisations.getByRole('row', { name: /南关社区卡口/ }).getByRole('button', { name: '添加核验员' }).click();
    await admin.fill('#verifier-name', '核验员丙');
    await admin.fill('#verifier-phone', '13900000021');
    await admin.fill('#verifier-password', TEST_PASSWORD);
    await admin.getByTestId('verifier-form').getByRole('button', { name: '添加' }).click();
    await organisations.getByText('已添加，核验员可用此手机号和密码登录').waitFor();
    assert.match(await organisations.getByRole('row', { name: /南关社区卡口/ }).innerText(), /\t1\t/);

    const partners = admin.getByTestId('partners');
    await admin.fill('#partner-issuerId', 'peer.example');
    await admin.fill('#partner-name', '邻省健康码');
    await admin.fill('#partner-jwksUrl', `${server.baseUrl}/.well-known/jwks.json`);
    await partners.getByRole('button', { name: '添加' }).click();
    await admin.getByTestId('inbound-credential').waitFor();
    await partners.getByRole('cell', { name: 'peer.example' }).waitFor();
    // The audit names what was done in the console's language; the code stays in the tooltip, for the filter.
    await admin.getByRole('button', { name: '审计' }).click();
    const audit = admin.getByTestId('audit');
    await audit.getByRole('cell', { name: '添加互认平台' }).waitFor();
    assert.equal(await audit.getByRole('cell', { name: '添加核验员' }).getAttribute('title'), 'verifier.create');
    assert.match(await audit.innerText(), /创建核验单位/);

    const verifier = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(verifier, '13900000021');
    await verifier.getByRole('heading', { name: '扫码核验' }).waitFor();
  });

  it('a console on a laptop set to another zone (新疆时间) shows and reads times in the platform’s', async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Urumqi', viewport: { width: 1200, height: 900 } });
    const operator = await context.newPage();
    await signIn(operator, '13900000011', '/console/risk-areas');
    await operator.locator('#risk-region').selectOption('11');
    await operator.locator('input[type="datetime-local"]').fill('2026-12-31T18:00');
    await operator.getByRole('button', { name: '发布' }).click();
    const row = operator.getByRole('row', { name: /北京市 110000/ });
    await row.waitFor();
    assert.match(await row.innerText(), /2026\/12\/31 18:00/, 'shown as typed, in Beijing time');
    const client = new TestClient(server.app);
    await client.post('/api/v1/auth/sign-in', { phone: '13900000011', password: TEST_PASSWORD });
    const areas = (await client.get('/api/v1/authority/risk-areas')).json() as { regionCode: string; validTo: number }[];
    assert.equal(areas.find((a) => a.regionCode === '110000')?.validTo, Date.parse('2026-12-31T10:00:00Z'), 'read as Beijing time, not Urumqi’s');

    await operator.getByRole('button', { name: '流调' }).click();
    const shown = await operator.locator('input[type="datetime-local"]').nth(1).inputValue();
    const beijingNow = [Date.now() - 60_000, Date.now()].map((at) => wallClockMinute(at, 'Asia/Shanghai'));
    assert.ok(beijingNow.includes(shown), `the period ends now in Beijing time (${beijingNow.join(' or ')}), not ${shown}`);
    await context.close();
  });

  it('an operator enters one lab result in a form: lists to choose from, a time picker, each problem beside its field', async () => {
    const operator = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(operator, '13900000011', '/console/facts');
    await operator.getByTestId('fact-kind').selectOption('lab_result');
    await operator.getByLabel('证件类型').selectOption('resident_id');
    await operator.getByLabel('证件号码').fill('130602198001010010');
    await operator.getByLabel('姓名').fill('同行乙');
    await operator.getByLabel('采样时间').fill('2026-11-21T09:00');
    await operator.getByLabel('检测结果', { exact: true }).selectOption('negative');
    await operator.getByLabel('检测机构').fill('保定市第一医院');
    await operator.getByRole('button', { name: '录入', exact: true }).click();
    await operator.locator('.field.has-error', { hasText: '证件号码' }).getByText('身份证号码校验位不正确，请核对是否输错').waitFor();
    await operator.getByLabel('证件号码').fill(residentId('13060219800101001'));
    await operator.getByRole('button', { name: '录入', exact: true }).click();
    await operator.getByRole('status').getByText('已录入').waitFor();
    const stored = await server.deps.db.selectFrom('lab_results').select(['sampled_at', 'result']).orderBy('sampled_at', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([stored.sampled_at, stored.result], [Date.parse('2026-11-21T01:00:00Z'), 'negative'], 'the time read as Beijing time');
    await operator.close();
  });

  it('an admin answers a venue asking for its statistics, and suspends and reinstates its code with a reason', async () => {
    const manager = new TestClient(server.app);
    await manager.post('/api/v1/auth/sign-in', { phone: '13800000100', password: TEST_PASSWORD });
    await manager.post('/api/v1/venues/mine/stats-request');
    assert.equal((await manager.get('/api/v1/venues/mine/stats')).statusCode, 403, 'not before the authority grants it');

    const admin = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(admin, '13900000011', '/console/venues');
    await admin.getByLabel('只看申请统计权限的').check();
    const row = admin.locator('tr[data-venue="东关菜市场"]');
    await row.getByText(/申请中/).waitFor();
    assert.match(await row.innerText(), /病\*甲/, 'the contact masked');
    await row.getByRole('button', { name: '开通统计' }).click();
    await admin.getByText('没有符合条件的场所').waitFor();
    assert.equal((await manager.get('/api/v1/venues/mine/stats')).statusCode, 200, 'the manager now sees the statistics');

    await admin.getByLabel('只看申请统计权限的').uncheck();
    await admin.getByPlaceholder('场所名称（包含）').fill('菜市');
    await admin.getByRole('button', { name: '查找' }).click();
    await row.getByText(/已开通/).waitFor();
    await row.getByRole('button', { name: '暂停' }).click();
    await admin.getByText('请填写理由（至少4个字）').waitFor();
    await row.getByLabel('理由').fill('未落实扫码查验要求');
    await row.getByRole('button', { name: '暂停' }).click();
    await row.getByText('已暂停：未落实扫码查验要求').waitFor();
    assert.equal((await manager.get('/api/v1/venues/mine')).json().suspended, true);
    await row.getByLabel('理由').fill('已整改到位');
    await row.getByRole('button', { name: '恢复' }).click();
    await row.getByText('正常').waitFor();

    // Narrowed by region at any level, and by the state of the code.
    await admin.getByPlaceholder('场所名称（包含）').fill('');
    await admin.locator('#venue-region').selectOption('11');
    await admin.getByText('没有符合条件的场所').waitFor();
    await admin.locator('#venue-region').selectOption('13');
    await row.waitFor();
    await admin.getByLabel('场所码状态').selectOption('suspended');
    await admin.getByText('没有符合条件的场所').waitFor();
    await admin.getByLabel('场所码状态').selectOption('in_use');
    await row.waitFor();
    assert.equal(await admin.getByTestId('more').count(), 0, 'one page holds them all');
    await admin.close();
  });

  it('an operator finds a case by the person’s document, and reads the audit log a page at a time', async () => {
    for (let i = 0; i < 60; i++) {
      await insertAuditEntry(server.deps.db, { at: Date.now() - 3_600_000 + i, actorAccountId: null, action: 'person.reveal', subjectPersonId: null, reason: `核查第${i}号`, details: {} });
    }
    const operator = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(operator, '13900000011', '/console/tracing');
    const findCases = operator.getByTestId('find-cases');
    await findCases.getByLabel('病例证件号码（可空）').fill(`${CASE_ID.slice(0, -1)}${CASE_ID.endsWith('0') ? '1' : '0'}`);
    await findCases.getByRole('button', { name: '查找病例' }).click();
    await findCases.getByText('身份证号码校验位不正确，请核对是否输错').waitFor();
    await findCases.getByLabel('病例证件号码（可空）').fill(residentId('13060219800101001'));
    await findCases.getByRole('button', { name: '查找病例' }).click();
    await findCases.getByText('没有符合条件的病例').waitFor();
    await findCases.getByLabel('病例证件号码（可空）').fill(CASE_ID.toLowerCase());
    await findCases.getByRole('button', { name: '查找病例' }).click();
    await operator.getByTestId('case').locator('option', { hasText: '病*甲' }).waitFor({ state: 'attached' });
    assert.equal(await operator.getByTestId('case').locator('option').count(), 1);

    await operator.goto(`${server.baseUrl}/console/audit`);
    const audit = operator.getByTestId('audit');
    await operator.getByLabel('操作', { exact: true }).selectOption('person.reveal');
    await audit.getByText('核查第59号').waitFor();
    assert.equal(await audit.locator('tbody tr').count(), 50, 'a page of 50, newest first');
    await operator.getByTestId('more').click();
    await audit.getByText('核查第0号').waitFor();
    assert.equal(await audit.locator('tbody tr').count(), 60);
    await operator.getByTestId('more').waitFor({ state: 'detached' });

    // 人员查询: the colour now, how it changed, and the full identity only with a reason, audited.
    await operator.goto(`${server.baseUrl}/console/persons`);
    await operator.getByLabel('证件号码', { exact: true }).fill(CASE_ID);
    await operator.getByLabel('证件号码', { exact: true }).press('Enter');
    const person = operator.getByTestId('person');
    await person.getByText('病*甲').waitFor();
    assert.equal(await person.locator('.status-banner').getAttribute('data-status'), 'red');
    assert.match(await person.innerText(), /登记为确诊病例/);
    await person.getByTestId('status-changes').locator('[data-status="red"]').waitFor();
    await person.getByLabel('查看理由').fill('看看');
    await person.getByRole('button', { name: '查看完整身份信息' }).click();
    await operator.getByText('请填写理由（至少4个字）').waitFor();
    await person.getByLabel('查看理由').fill('流调电话核实行程');
    await person.getByRole('button', { name: '查看完整身份信息' }).click();
    assert.match(await person.getByTestId('revealed').innerText(), new RegExp(`病例甲 · 居民身份证 ${CASE_ID}`));
    const reveals = await listAuditEntries(server.deps.db, { actionPrefix: 'person.reveal', limit: 1 });
    assert.equal(reveals[0]?.reason, '流调电话核实行程', 'the read is in the audit log with its reason');
    // A declaration found false (不实申报), with a reason: among the reasons at once, and in the audit log.
    const declarations = person.getByTestId('person-declarations');
    await declarations.getByRole('button', { name: '认定为不实申报' }).first().click();
    await person.getByLabel('认定理由').fill('核酸结果与申报不符');
    await person.getByRole('button', { name: '确认认定' }).click();
    await declarations.getByTestId('marked-false').waitFor();
    await person.locator('li', { hasText: /的健康申报被认定为不实申报/ }).first().waitFor();
    assert.equal(await declarations.getByRole('button', { name: '认定为不实申报' }).count(), 0, 'once only');
    const marked = await listAuditEntries(server.deps.db, { actionPrefix: 'declaration.mark_false', limit: 1 });
    assert.equal(marked[0]?.reason, '核酸结果与申报不符');

    // 人工赋码 finds the person the same way, any document type.
    await operator.goto(`${server.baseUrl}/console/overrides`);
    await operator.getByLabel('证件类型').selectOption('passport');
    await operator.getByLabel('证件号码', { exact: true }).fill('E12345678');
    await operator.getByRole('button', { name: '查找', exact: true }).click();
    await operator.getByText('未找到该内容').waitFor();
    await operator.getByLabel('证件类型').selectOption('resident_id');
    await operator.getByLabel('证件号码', { exact: true }).fill(CASE_ID);
    await operator.getByRole('button', { name: '查找', exact: true }).click();
    await operator.getByText(/病\*甲/).waitFor();
    const current = operator.getByTestId('current-colour');
    await current.waitFor();
    assert.equal(await current.getAttribute('data-status'), 'red', 'what a change would replace is shown first');
    assert.match(await current.innerText(), /当前：红码（登记为确诊病例/);
    // Asked for, it waits for another user: whoever asked sees no 批准 of their own, only 撤回.
    await operator.getByLabel('改为').selectOption('green');
    await operator.getByPlaceholder('理由（必填，持码人可见）').fill('核实为误报，申请转绿');
    await operator.getByRole('button', { name: '提交审批' }).click();
    const asked = operator.getByTestId('pending-override');
    await asked.getByText(/待另一名审批人员批准/).waitFor();
    assert.match(await asked.innerText(), /病\*甲：红码 → 绿码/);
    assert.deepEqual([await asked.getByRole('button', { name: '批准' }).count(), await asked.getByRole('button', { name: '撤回' }).count()], [0, 1]);
    // The approver sees who asked, and declines it with a reason.
    const approver = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(approver, '13900000012', '/console');
    // The dashboard counts what waits for them, and opens it.
    const toApprove = approver.getByTestId('pending-overrides');
    await toApprove.waitFor();
    assert.match(await toApprove.innerText(), /^1\s*待批准人工赋码$/);
    await toApprove.click();
    await approver.waitForURL(`${server.baseUrl}/console/overrides`);
    const waiting = approver.getByTestId('pending-override');
    await waiting.getByText(/申请人：防控操作员/).waitFor();
    assert.equal(await approver.getByRole('button', { name: '提交审批' }).count(), 0, 'an approver asks for nothing');
    await waiting.getByRole('button', { name: '驳回' }).click();
    await approver.getByText('请填写理由（至少4个字）').waitFor();
    await waiting.getByPlaceholder('驳回理由（驳回时必填）').fill('病例未结案，不能转绿');
    await waiting.getByRole('button', { name: '驳回' }).click();
    await approver.getByText('暂无待批准的人工赋码').waitFor();
    const declined = await listAuditEntries(server.deps.db, { actionPrefix: 'override.decline', limit: 1 });
    assert.equal(declined[0]?.reason, '病例未结案，不能转绿');
    await approver.close();
    // In English the line is punctuated as English is, not 当前：…（…）.
    await operator.getByTestId('toggle-lang').click();
    await operator.getByText(/^Now: Red \(/).waitFor();
    await operator.close();
  });

  it('an admin changes a threshold in the rules form, sees what is wrong beside it, previews and publishes', async () => {
    const admin = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(admin, '13900000011', '/console/rules');
    const recovery = admin.locator('[data-field="yellow.recoveryDays"]');
    await recovery.locator('input').fill('0');
    await admin.getByRole('button', { name: '预览影响' }).click();
    await recovery.getByText('不能小于1').waitFor();
    assert.equal(await admin.getByTestId('preview').count(), 0, 'no preview of an invalid set');

    await recovery.locator('input').fill('5');
    await admin.locator('[data-field="yellow.declaredContactAnswers"]').getByLabel('不确定').check();
    await admin.getByRole('button', { name: '预览影响' }).click();
    const preview = admin.getByTestId('preview');
    await preview.waitFor();
    assert.match(await preview.innerText(), /绿码/, 'colours named, not coded');
    await admin.getByRole('button', { name: '以JSON编辑' }).click();
    const json = JSON.parse(await admin.locator('textarea.code-editor').inputValue());
    assert.deepEqual([json.yellow.recoveryDays, json.yellow.declaredContactAnswers], [5, ['yes', 'unsure']], 'the JSON is what the form says');
    await admin.locator('textarea.code-editor').fill('{ "feverCelsius": ');
    await admin.getByText('不是有效的JSON').waitFor();
    // Back in the form, its last state is edited and previewed again.
    await admin.getByRole('button', { name: '按表单编辑' }).click();
    await recovery.locator('input').fill('6');
    await admin.getByRole('button', { name: '预览影响' }).click();
    await preview.waitFor();
    await admin.getByLabel('版本号').fill('stricter-2');
    await admin.getByRole('button', { name: '发布' }).click();
    await admin.getByText(/stricter-2 · 生效/).waitFor();
    await admin.close();
  });

  it('a holder disputes a manual change; accepting it asks the approver, whose approval gives the colour back to the rules', async () => {
    const { client: holder, account } = await registeredHolder(server.app, { name: '孙丽', idNumber: residentId('13060219880808001'), phone: '13800000071' });
    const personId = account.person.id;
    await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody());
    // Made red by hand beforehand (without signing in: the sign-in limit counts this file's sign-ins as one address's).
    const { db, accounts, overrides } = server.deps;
    const forced = await overrides.request(db, await accounts.actorByPhone(db, '13900000011'), { personId, status: 'red', reason: '拒不配合流调核查', expiresAt: null });
    await overrides.approve(db, await accounts.actorByPhone(db, '13900000012'), forced.id);

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, '13800000071', '/');
    const manual = page.getByTestId('health-info').locator('li', { hasText: '防控部门人工赋码为红码：拒不配合流调核查' });
    await manual.getByRole('button', { name: '纠错' }).click();
    await manual.getByLabel('纠错').fill('我一直配合流调，电话记录可查');
    await manual.getByRole('button', { name: '提交纠错' }).click();
    await page.getByTestId('my-appeals').getByText(/我一直配合流调，电话记录可查 — 处理中/).waitFor();

    const operator = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(operator, '13900000011', '/console/appeals');
    const appeal = operator.locator('.appeal', { hasText: '我一直配合流调' });
    await appeal.getByPlaceholder('处理意见（必填）').fill('核实通话记录，申请恢复');
    await appeal.getByRole('button', { name: '采纳并提交审批（恢复按规则赋码）' }).click();
    await operator.getByText('暂无待处理申请').waitFor();

    const approver = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(approver, '13900000012', '/console/overrides');
    const request = approver.getByTestId('pending-override').filter({ has: approver.getByTestId('answers-appeal') });
    assert.match(await request.innerText(), /孙\*：红码 → 恢复按规则赋码[\s\S]*核实通话记录，申请恢复/);
    await request.getByRole('button', { name: '批准' }).click();
    await approver.getByText('暂无待批准的人工赋码').waitFor();

    await page.reload();
    await page.getByTestId('my-appeals').getByText(/已采纳：核实通话记录，申请恢复/).waitFor();
    assert.equal(await page.getByTestId('health-info').getByText(/人工赋码/).count(), 0, 'the manual change has ended');
    for (const p of [page, operator, approver]) await p.close();
  });

  it('an admin disables the account of a verifier who left: signed out at once; only admins are offered the page', async () => {
    const verifier = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(verifier, '13900000021', '/scan');
    await verifier.getByRole('button', { name: '数字哨兵模式' }).waitFor();
    const admin = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(admin, '13900000011', '/console');
    await admin.getByRole('button', { name: '工作人员' }).click();
    const row = admin.getByTestId('staff-account').filter({ hasText: '核验员丙' });
    assert.match(await row.innerText(), /139\*\*\*\*0021[\s\S]*核验员[\s\S]*在用/);
    assert.match(await admin.getByTestId('staff-account').filter({ hasText: '防控操作员' }).innerText(), /本人/, 'no button to lock oneself out');
    await row.getByLabel('理由').fill('已调离卡口岗位');
    await row.getByRole('button', { name: '停用' }).click();
    await row.getByText(/已停用/).waitFor();
    await verifier.reload();
    await verifier.locator('#field-phone').waitFor();
    await signIn(verifier, '13900000021', '/scan');
    await verifier.getByText('该账号已停用，如有疑问请联系管理员').waitFor();
    const approver = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await signIn(approver, '13900000012', '/console/staff');
    await approver.getByRole('button', { name: '总览' }).waitFor();
    assert.equal(await approver.getByRole('button', { name: '工作人员' }).count(), 0);
    for (const page of [verifier, admin, approver]) await page.close();
  });
});
