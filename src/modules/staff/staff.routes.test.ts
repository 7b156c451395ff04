import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, registeredHolder, residentId, TEST_PASSWORD, testTargets, TestClient, type TestApp } from '../../../test/helpers.ts';

for (const target of testTargets()) {
  describe(`staff accounts (${target})`, () => {
    let t: TestApp;
    let admin: TestClient;
    let approver: TestClient;
    let verifier: TestClient;
    let verifierId: string;
    let holderId: string;
    const signIn = (phone: string, password = TEST_PASSWORD) => new TestClient(t.app).post('/api/v1/auth/sign-in', { phone, password });
    before(async () => {
      t = await createTestApp(target);
      ({ operator: admin, approver } = await authorityClients(t));
      const organisation = (await admin.post('/api/v1/authority/organisations', { name: '东关社区卡口' })).json();
      verifierId = (await admin.post(`/api/v1/authority/organisations/${organisation.id}/verifiers`, { name: '核验员甲', phone: '13900000031', password: TEST_PASSWORD })).json().accountId;
      verifier = new TestClient(t.app);
      await verifier.post('/api/v1/auth/sign-in', { phone: '13900000031', password: TEST_PASSWORD });
      holderId = (await registeredHolder(t.app, { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' })).account.accountId;
    });
    after(() => t.close());

    it('an administrator lists the staff, phones masked; residents are not staff; no one else may list them', async () => {
      const listed = (await admin.get('/api/v1/authority/staff')).json() as { accountId: string; name: string; phone: string; roles: string[]; organisation: string | null; disabledAt: number | null }[];
      assert.deepEqual(
        listed.map((s) => [s.name, s.phone, s.roles, s.organisation, s.disabledAt]),
        [
          ['防控操作员', '139****0011', ['authority_operator', 'authority_admin'], null, null],
          ['防控审批员', '139****0012', ['authority_approver'], null, null],
          ['核验员甲', '139****0031', ['verifier'], '东关社区卡口', null],
        ],
      );
      assert.equal((await approver.get('/api/v1/authority/staff')).statusCode, 404);
      assert.equal((await verifier.get('/api/v1/authority/staff')).statusCode, 404);
    });

    it('a disabled account is signed out at once and cannot sign in again until enabled; each step with a reason, audited', async () => {
      const noReason = await admin.post(`/api/v1/authority/staff/${verifierId}/disable`, { reason: '' });
      assert.deepEqual([noReason.statusCode, noReason.json().error.fields[0].code], [400, 'REASON_REQUIRED']);
      assert.equal((await verifier.get('/api/v1/auth/session')).statusCode, 200, 'nothing changed');

      assert.equal((await admin.post(`/api/v1/authority/staff/${verifierId}/disable`, { reason: '已调离卡口岗位' })).statusCode, 204);
      assert.equal((await verifier.get('/api/v1/auth/session')).statusCode, 401, 'the session it had ends at once');
      const refused = await signIn('13900000031');
      assert.deepEqual([refused.statusCode, refused.json().error.code], [403, 'ACCOUNT_DISABLED']);
      const guessed = await signIn('13900000031', 'a-guess-1234');
      assert.deepEqual([guessed.statusCode, guessed.json().error.code], [401, 'INVALID_CREDENTIALS'], 'only who knows the password learns it is disabled');
      assert.ok((await admin.get('/api/v1/authority/staff')).json().find((s: { accountId: string }) => s.accountId === verifierId).disabledAt > 0);

      assert.equal((await admin.post(`/api/v1/authority/staff/${verifierId}/enable`, { reason: '重新安排到卡口' })).statusCode, 204);
      assert.equal((await signIn('13900000031')).statusCode, 200);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'reason']).where('action', 'like', 'staff.%').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => [a.action, a.reason]), [['staff.disable', '已调离卡口岗位'], ['staff.enable', '重新安排到卡口']]);
    });

    it('not one’s own account, not a resident’s, and not by anyone but an administrator', async () => {
      const session = (await admin.get('/api/v1/auth/session')).json();
      const self = await admin.post(`/api/v1/authority/staff/${session.accountId}/disable`, { reason: '测试停用自己' });
      assert.deepEqual([self.statusCode, self.json().error.code], [409, 'CANNOT_DISABLE_SELF']);
      assert.equal((await admin.post(`/api/v1/authority/staff/${holderId}/disable`, { reason: '居民账号不能停用' })).statusCode, 404);
      assert.equal((await approver.post(`/api/v1/authority/staff/${verifierId}/disable`, { reason: '审批员无权停用' })).statusCode, 404);
      assert.equal((await admin.post('/api/v1/authority/staff/nobody/disable', { reason: '不存在的账号' })).statusCode, 404);
    });
  });
}
