import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, declarationBody, registeredHolder, residentId, testTargets, TestClient, type TestApp } from '../../../test/helpers.ts';

for (const target of testTargets()) {
  describe(`manual colour changes and appeals (${target})`, () => {
    let t: TestApp;
    let operator: TestClient;
    let approver: TestClient;
    let holder: TestClient;
    let personId: string;
    const status = async () => (await holder.get(`/api/v1/persons/${personId}/code`)).json().status;
    before(async () => {
      t = await createTestApp(target);
      ({ operator, approver } = await authorityClients(t));
      const r = await registeredHolder(t.app, { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' });
      holder = r.client;
      personId = r.account.person.id;
      await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody());
    });
    after(() => t.close());

    it('a manual change needs a reason and has no effect until another user approves it; the holder then sees why', async () => {
      assert.equal((await operator.post('/api/v1/authority/overrides', { personId, status: 'red', reason: '' })).statusCode, 400);
      const requested = await operator.post('/api/v1/authority/overrides', { personId, status: 'red', reason: '拒不配合流调核查', expiresAt: null });
      assert.equal(requested.statusCode, 201);
      assert.equal((await status()).status, 'green', 'no effect without a second approver');
      const self = await operator.post(`/api/v1/authority/overrides/${requested.json().id}/approve`);
      assert.equal(self.statusCode, 404, 'the requester holds no approver role');
      const pending = (await approver.get('/api/v1/authority/overrides')).json();
      assert.deepEqual(
        pending.map((p: { name: string; currentStatus: string; status: string; reason: string }) => [p.name, p.currentStatus, p.status, p.reason]),
        [['张*', 'green', 'red', '拒不配合流调核查']],
        'the approver sees what approving changes',
      );
      assert.equal((await approver.post(`/api/v1/authority/overrides/${requested.json().id}/approve`)).statusCode, 204);
      const now = await status();
      assert.equal(now.status, 'red');
      assert.match(now.reasons[0].text, /防控部门人工赋码为红码：拒不配合流调核查/);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'reason']).where('subject_person_id', '=', personId).where('action', 'like', 'override.%').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['override.request', 'override.approve']);
    });

    it('an approver cannot approve their own request', async () => {
      await t.deps.accounts.createStaffAccount(t.deps.db, { name: '双角色', phone: '13900000013', password: 'secret123', roles: ['authority_operator', 'authority_approver'] });
      const both = new TestClient(t.app);
      await both.post('/api/v1/auth/sign-in', { phone: '13900000013', password: 'secret123' });
      const requested = await both.post('/api/v1/authority/overrides', { personId, status: 'green', reason: '核实为误判' });
      const own = await both.post(`/api/v1/authority/overrides/${requested.json().id}/approve`);
      assert.deepEqual([own.statusCode, own.json().error.code], [409, 'SECOND_APPROVER_REQUIRED']);
    });

    it('a request is declined by an approver or withdrawn by who asked, with a reason, and never takes effect', async () => {
      const [waiting] = (await approver.get('/api/v1/authority/overrides')).json();
      assert.deepEqual([waiting.status, waiting.requesterName], ['green', '双角色'], 'the approver sees who asked');
      assert.equal((await approver.get('/api/v1/authority/dashboard')).json().pendingOverrides, 1, 'the dashboard counts what waits');
      assert.equal((await operator.post(`/api/v1/authority/overrides/${waiting.id}/decline`, { reason: '不是我提的申请' })).statusCode, 404, 'another operator may not decline it');
      const noReason = await approver.post(`/api/v1/authority/overrides/${waiting.id}/decline`, { reason: '' });
      assert.deepEqual([noReason.statusCode, noReason.json().error.fields[0].code], [400, 'REASON_REQUIRED']);
      assert.equal((await approver.post(`/api/v1/authority/overrides/${waiting.id}/decline`, { reason: '证据不足，请补充隔离证明' })).statusCode, 204);
      assert.deepEqual((await approver.get('/api/v1/authority/overrides')).json(), []);
      assert.equal((await approver.post(`/api/v1/authority/overrides/${waiting.id}/approve`)).statusCode, 404, 'a declined request cannot be approved');
      assert.equal((await status()).status, 'red');

      const asked = (await operator.post('/api/v1/authority/overrides', { personId, status: 'yellow', reason: '提交有误，撤回重报' })).json();
      assert.equal((await operator.post(`/api/v1/authority/overrides/${asked.id}/decline`, { reason: '选错了颜色' })).statusCode, 204, 'who asked may withdraw it');
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'reason']).where('action', 'in', ['override.decline', 'override.withdraw']).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => [a.action, a.reason]), [['override.decline', '证据不足，请补充隔离证明'], ['override.withdraw', '选错了颜色']]);
    });

    it('a change in force ends by an approved request for the rules; the colour is then the rules’ again', async () => {
      const ended = (await operator.post('/api/v1/authority/overrides', { personId, status: 'rules', reason: '已配合完成流调核查' })).json();
      assert.equal((await status()).status, 'red', 'no effect until approved');
      assert.equal((await approver.post(`/api/v1/authority/overrides/${ended.id}/approve`)).statusCode, 204);
      const now = await status();
      assert.equal(now.status, 'green');
      assert.ok(!now.reasons.some((r: { code: string }) => r.code === 'MANUAL_OVERRIDE'), 'no manual reason is left');
      const nothingToEnd = await operator.post('/api/v1/authority/overrides', { personId, status: 'rules', reason: '再次恢复按规则赋码' });
      assert.deepEqual([nothingToEnd.statusCode, nothingToEnd.json().error.fields[0].field, nothingToEnd.json().error.fields[0].code], [400, 'status', 'NO_OVERRIDE_IN_FORCE']);
    });

    it('an accepted appeal withdraws the fact and changes the colour; a rejected one says why; one a day', async () => {
      await operator.post('/api/v1/authority/facts/close_contact', { id_type: 'resident_id', id_number: residentId('13060219850312001'), name: '张伟', last_contact_at: '2026-11-21 10:00' });
      const reasons = (await status()).reasons as { code: string; text: string; appealable: { factType: string; factId: string } | null }[];
      const contact = reasons.find((r) => r.code === 'CLOSE_CONTACT')!;
      assert.equal(contact.appealable!.factType, 'close_contact');
      const filed = await holder.post(`/api/v1/persons/${personId}/appeals`, { ...contact.appealable, message: '当天我在外地出差，不可能接触' });
      assert.equal(filed.statusCode, 201);
      const again = await holder.post(`/api/v1/persons/${personId}/appeals`, { ...contact.appealable, message: '再次申请纠错' });
      assert.deepEqual([again.statusCode, again.json().error.code], [429, 'APPEAL_LIMIT']);
      const open = (await operator.get('/api/v1/authority/appeals')).json();
      assert.deepEqual(open.map((a: { name: string; message: string }) => [a.name, a.message]), [['张*', '当天我在外地出差，不可能接触']]);
      assert.equal(open[0].reasonText, contact.text, 'the authority reads the disputed reason as the holder does');
      assert.equal((await operator.post(`/api/v1/authority/appeals/${filed.json().id}/resolve`, { accept: true, reason: '核实行程，确认误判' })).statusCode, 204);
      assert.ok(!(await status()).reasons.some((r: { code: string }) => r.code === 'CLOSE_CONTACT'), 'the fact is withdrawn');
      const mine = (await holder.get(`/api/v1/persons/${personId}/appeals`)).json();
      assert.deepEqual([mine[0].outcome, mine[0].outcomeReason], ['accepted', '核实行程，确认误判']);
      const stranger = (await registeredHolder(t.app, { name: '路人', idNumber: residentId('11010519900101005'), phone: '13800000009' })).client;
      assert.equal((await stranger.post(`/api/v1/persons/${personId}/appeals`, { ...contact.appealable, message: '冒充他人纠错' })).statusCode, 404);
    });

    it('the dashboard counts, and the audit log is filterable by who, whom and what', async () => {
      const dashboard = (await operator.get('/api/v1/authority/dashboard')).json();
      assert.equal(dashboard.peopleByColour.red + dashboard.peopleByColour.green + dashboard.peopleByColour.yellow + dashboard.peopleByColour.pending, 2);
      assert.equal(dashboard.hourly.length, 24);
      assert.ok(dashboard.hourly.reduce((sum: number, h: { codesShown: number }) => sum + h.codesShown, 0) >= 4, 'codes shown are counted');
      assert.equal(dashboard.openAppeals, 0);
      assert.equal(dashboard.pendingOverrides, 0, 'every request was approved, declined or withdrawn');
      const byWhom = (await operator.get(`/api/v1/authority/audit?subjectIdType=resident_id&subjectIdNumber=${residentId('13060219850312001')}`)).json();
      assert.ok(byWhom.length >= 4 && byWhom.every((e: { subjectName: string }) => e.subjectName === '张*'));
      const pages: string[] = [];
      for (let before = ''; ; ) {
        const page: { id: string }[] = (await operator.get(`/api/v1/authority/audit?subjectIdType=resident_id&subjectIdNumber=${residentId('13060219850312001')}&limit=3${before && `&before=${before}`}`)).json();
        pages.push(...page.map((e) => e.id));
        if (page.length < 3) break;
        before = page.at(-1)!.id;
      }
      assert.deepEqual(pages, byWhom.map((e: { id: string }) => e.id), 'paged, the log reads the same');
      const badNumber = await operator.get('/api/v1/authority/audit?subjectIdType=resident_id&subjectIdNumber=110105194912310021');
      assert.deepEqual([badNumber.statusCode, badNumber.json().error.fields[0].field, badNumber.json().error.fields[0].code], [400, 'subjectIdNumber', 'ID_CHECK_DIGIT']);
      const byWhat = (await operator.get('/api/v1/authority/audit?actionPrefix=appeal.')).json();
      assert.deepEqual(byWhat.map((e: { action: string; actorName: string; reason: string }) => [e.action, e.actorName, e.reason]), [['appeal.accept', '防控操作员', '核实行程，确认误判']]);
      assert.deepEqual((await operator.get('/api/v1/authority/audit?actionPrefix=appeal_')).json(), [], 'a typed _ is an underscore, not a wildcard');
      assert.equal((await holder.get('/api/v1/authority/audit')).statusCode, 404);
    });

    it('a holder disputes a manual change: accepting it asks for a return to the rules, and the appeal is decided with that request', async () => {
      const forcedRed = async (name: string, idNumber: string, phone: string) => {
        const { client, account } = await registeredHolder(t.app, { name, idNumber: residentId(idNumber), phone });
        const id = account.person.id;
        await client.post(`/api/v1/persons/${id}/declarations`, declarationBody());
        const asked = (await operator.post('/api/v1/authority/overrides', { personId: id, status: 'red', reason: '拒不配合流调核查' })).json();
        await approver.post(`/api/v1/authority/overrides/${asked.id}/approve`);
        const manual = (await client.get(`/api/v1/persons/${id}/code`)).json().status.reasons[0];
        assert.deepEqual(manual.appealable, { factType: 'override', factId: asked.id }, 'a manual change can be disputed');
        const filed = (await client.post(`/api/v1/persons/${id}/appeals`, { ...manual.appealable, message: '我一直配合流调，请核实' })).json();
        const colour = async () => (await client.get(`/api/v1/persons/${id}/code`)).json().status.status;
        const outcome = async () => (await client.get(`/api/v1/persons/${id}/appeals`)).json()[0];
        return { filed, colour, outcome };
      };

      const wang = await forcedRed('王强', '13060219800101011', '13800000031');
      assert.equal((await operator.post(`/api/v1/authority/appeals/${wang.filed.id}/resolve`, { accept: true, reason: '核实已配合流调，申请恢复' })).statusCode, 204);
      assert.equal(await wang.colour(), 'red', 'one user accepting it changes nothing yet');
      assert.equal((await wang.outcome()).outcome, null, 'the holder still sees it under review');
      assert.deepEqual((await operator.get('/api/v1/authority/appeals')).json(), [], 'it waits for the approver now, not in the appeals');
      assert.equal((await operator.post(`/api/v1/authority/appeals/${wang.filed.id}/resolve`, { accept: false, reason: '再次处理同一申请' })).statusCode, 404);
      const [request] = (await approver.get('/api/v1/authority/overrides')).json();
      assert.deepEqual([request.status, request.appealId, request.reason], ['rules', wang.filed.id, '核实已配合流调，申请恢复']);
      assert.equal((await approver.post(`/api/v1/authority/overrides/${request.id}/approve`)).statusCode, 204);
      assert.equal(await wang.colour(), 'green');
      assert.deepEqual([(await wang.outcome()).outcome, (await wang.outcome()).outcomeReason], ['accepted', '核实已配合流调，申请恢复']);

      const zhao = await forcedRed('赵敏', '13060219800101038', '13800000032');
      await operator.post(`/api/v1/authority/appeals/${zhao.filed.id}/resolve`, { accept: true, reason: '请审批员复核' });
      const [second] = (await approver.get('/api/v1/authority/overrides')).json();
      assert.equal((await approver.post(`/api/v1/authority/overrides/${second.id}/decline`, { reason: '流调记录显示未配合，维持红码' })).statusCode, 204);
      assert.equal(await zhao.colour(), 'red');
      assert.deepEqual([(await zhao.outcome()).outcome, (await zhao.outcome()).outcomeReason], ['rejected', '流调记录显示未配合，维持红码'], 'the holder reads why');
    });
  });
}
