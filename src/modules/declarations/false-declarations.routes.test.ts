import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, declarationBody, registeredHolder, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { listAuditEntries } from '../audit/audit.repository.ts';

for (const target of testTargets()) {
  describe(`a declaration found false, 不实申报 (${target})`, () => {
    let t: TestApp;
    let holder: TestClient;
    let operator: TestClient;
    let approver: TestClient;
    let personId: string;
    let declarationId: string;
    const status = async () => (await holder.get(`/api/v1/persons/${personId}/code`)).json().status;
    const markFalse = (client: TestClient, id: string, reason: string) => client.post(`/api/v1/authority/declarations/${id}/mark-false`, { reason });
    before(async () => {
      t = await createTestApp(target);
      const registered = await registeredHolder(t.app, { name: '张伟', idNumber: '11010519491231002X', phone: '13800000001' });
      holder = registered.client;
      personId = registered.account.person.id;
      declarationId = (await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody())).json().declaration.id;
      ({ operator, approver } = await authorityClients(t));
    });
    after(() => t.close());

    it('the authority reads a person’s declarations with the phone masked and no address', async () => {
      const listed = (await operator.get(`/api/v1/authority/persons/${personId}/declarations`)).json();
      assert.equal(listed.length, 1);
      assert.equal(listed[0].id, declarationId);
      assert.equal(listed[0].contactPhone, '138****0001');
      assert.equal('address' in listed[0], false);
      assert.deepEqual([listed[0].temperature, listed[0].regionName, listed[0].markedFalseAt], [36.5, '河北省 保定市 莲池区', null]);
      assert.equal((await holder.get(`/api/v1/authority/persons/${personId}/declarations`)).statusCode, 404, 'not for a holder, even of their own');
    });

    it('needs a reason, an operator and a declaration that exists; nothing changes otherwise', async () => {
      const short = await markFalse(operator, declarationId, '不实');
      assert.equal(short.statusCode, 400);
      assert.deepEqual(short.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code]), [['reason', 'REASON_REQUIRED']]);
      assert.equal((await markFalse(approver, declarationId, '核酸结果与申报不符')).statusCode, 404, 'an approver alone may not');
      assert.equal((await markFalse(holder, declarationId, '核酸结果与申报不符')).statusCode, 404);
      assert.equal((await markFalse(operator, 'no-such-declaration', '核酸结果与申报不符')).statusCode, 404);
      assert.equal((await status()).status, 'green');
      assert.deepEqual(await listAuditEntries(t.deps.db, { actionPrefix: 'declaration.', limit: 5 }), []);
    });

    it('turns the code red with a reason the holder reads and may dispute; the why is in the audit log; once only', async () => {
      const marked = await markFalse(operator, declarationId, '  核酸结果与申报不符  ');
      assert.equal(marked.statusCode, 200);
      assert.equal(marked.json().status.status, 'red');
      const reasons = (await status()).reasons as { code: string; text: string; appealable: { factType: string; factId: string } | null }[];
      assert.equal((await status()).status, 'red', 'the holder’s code shows it at once');
      const reason = reasons.find((r) => r.code === 'FALSE_DECLARATION')!;
      assert.match(reason.text, /的健康申报被认定为不实申报/);
      assert.deepEqual(reason.appealable, { factType: 'declaration', factId: declarationId });
      const own = (await holder.get(`/api/v1/persons/${personId}/declarations`)).json();
      assert.equal(typeof own[0].markedFalseAt, 'number', 'the holder’s history says which declaration');

      const [entry] = await listAuditEntries(t.deps.db, { actionPrefix: 'declaration.mark_false', limit: 1 });
      assert.deepEqual([entry?.subjectPersonId, entry?.reason, entry?.details.declarationId], [personId, '核酸结果与申报不符', declarationId]);

      const again = await markFalse(operator, declarationId, '核酸结果与申报不符');
      assert.deepEqual([again.statusCode, again.json().error.code, again.json().error.message], [409, 'ALREADY_MARKED_FALSE', '该申报已被认定为不实申报']);
    });

    it('an accepted appeal lifts it and the code is green again', async () => {
      const reason = ((await status()).reasons as { code: string; appealable: { factType: string; factId: string } }[]).find((r) => r.code === 'FALSE_DECLARATION')!;
      const filed = await holder.post(`/api/v1/persons/${personId}/appeals`, { ...reason.appealable, message: '申报属实，当日核酸为补录' });
      assert.equal(filed.statusCode, 201);
      assert.equal((await operator.post(`/api/v1/authority/appeals/${filed.json().id}/resolve`, { accept: true, reason: '核实后申报属实' })).statusCode, 204);
      assert.equal((await status()).status, 'green');
      assert.equal((await operator.get(`/api/v1/authority/persons/${personId}/declarations`)).json()[0].markedFalseAt, null);
    });
  });
}
