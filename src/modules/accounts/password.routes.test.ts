import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, registeredHolder, residentId, TEST_PASSWORD, testTargets, TestClient, type TestApp } from '../../../test/helpers.ts';

for (const target of testTargets()) {
  describe(`changing the password (${target})`, () => {
    const sent: { phone: string; text: string }[] = [];
    let t: TestApp;
    const codeSentTo = (phone: string) => sent.filter((m) => m.phone === phone).at(-1)!.text.match(/(\d{6})/)![1]!;
    const signIn = async (phone: string, password: string) => {
      const client = new TestClient(t.app);
      return { client, response: await client.post('/api/v1/auth/sign-in', { phone, password }) };
    };

    before(async () => {
      t = await createTestApp(target, {
        config: { loginAttemptsPerWindow: '100' },
        smsSender: {
          async send(phone, text) {
            sent.push({ phone, text });
          },
        },
      });
      await registeredHolder(t.app, { name: '张伟', idNumber: residentId('11010519491231001'), phone: '13800000301' });
      await registeredHolder(t.app, { name: '李娜', idNumber: residentId('11010519491231002'), phone: '13800000302' });
    });
    after(() => t.close());

    it('with the current password: a wrong one or a weak new one changes nothing; then the new one signs in, the old does not, and other devices are signed out', async () => {
      const { client: phone } = await signIn('13800000301', TEST_PASSWORD);
      const { client: laptop } = await signIn('13800000301', TEST_PASSWORD);
      const wrong = await phone.post('/api/v1/auth/password', { currentPassword: 'not-it-123', newPassword: 'newer-pass-2026' });
      assert.deepEqual([wrong.statusCode, wrong.json().error.fields], [400, [{ field: 'currentPassword', code: 'CURRENT_PASSWORD_WRONG', message: '当前密码不正确' }]]);
      const weak = await phone.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
      assert.deepEqual([weak.statusCode, weak.json().error.fields[0].field, weak.json().error.fields[0].code], [400, 'newPassword', 'PASSWORD_WEAK']);
      const missing = await phone.post('/api/v1/auth/password', { newPassword: 'newer-pass-2026' });
      assert.deepEqual([missing.statusCode, missing.json().error.fields[0].field], [400, 'currentPassword']);
      assert.equal((await signIn('13800000301', TEST_PASSWORD)).response.statusCode, 200, 'nothing changed yet');

      assert.equal((await phone.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'newer-pass-2026' })).statusCode, 204);
      assert.equal((await phone.get('/api/v1/auth/session')).statusCode, 200, 'the device that changed it stays signed in');
      assert.equal((await laptop.get('/api/v1/auth/session')).statusCode, 401, 'every other device is signed out');
      assert.equal((await signIn('13800000301', TEST_PASSWORD)).response.statusCode, 401);
      assert.equal((await signIn('13800000301', 'newer-pass-2026')).response.statusCode, 200);
      const [entry] = await t.deps.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'account.password_change').execute();
      assert.deepEqual(JSON.parse(entry!.details), { proof: 'password' });
    });

    it('forgotten: signed in by a texted code, a new code proves it instead; a wrong code is a spent try, and a used one does not work again', async () => {
      const anon = new TestClient(t.app);
      await anon.post('/api/v1/auth/sign-in/code', { phone: '13800000302' });
      const client = new TestClient(t.app);
      assert.equal((await client.post('/api/v1/auth/sign-in/with-code', { phone: '13800000302', code: codeSentTo('13800000302') })).statusCode, 200);
      // The resend limit is per number and a minute long: ask for the next code as the app would, after it.
      await t.deps.accounts.requestSignInCode(t.deps.db, { phone: '13800000302' }, 'zh-CN');
      const code = codeSentTo('13800000302');
      const wrongCode = code === '000000' ? '000001' : '000000';
      const wrong = await client.post('/api/v1/auth/password', { code: wrongCode, newPassword: 'forgot-it-2026' });
      assert.deepEqual([wrong.statusCode, wrong.json().error.fields[0].field, wrong.json().error.fields[0].code], [400, 'code', 'CODE_WRONG']);
      const tries = await t.deps.db.selectFrom('sign_in_codes').select('attempts_left').executeTakeFirstOrThrow();
      assert.equal(tries.attempts_left, 4, 'the wrong try stays spent');
      assert.equal((await client.post('/api/v1/auth/password', { code, newPassword: 'forgot-it-2026' })).statusCode, 204);
      assert.equal((await signIn('13800000302', 'forgot-it-2026')).response.statusCode, 200);
      const again = await client.post('/api/v1/auth/password', { code, newPassword: 'another-one-2026' });
      assert.equal(again.json().error.fields[0].code, 'CODE_WRONG', 'a code proves once');
    });

    it('needs a session and the CSRF token', async () => {
      assert.equal((await new TestClient(t.app).post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'newer-pass-2026' })).statusCode, 401);
      const { client } = await signIn('13800000302', 'forgot-it-2026');
      client.csrfToken = '';
      assert.equal((await client.post('/api/v1/auth/password', { currentPassword: 'forgot-it-2026', newPassword: 'newer-pass-2026' })).statusCode, 403);
    });
  });
}

describe('guessing the current password from a session', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite', { config: { loginAttemptsPerWindow: '3' } });
  });
  after(() => t.close());

  it('is limited per account, not for everyone at the same address', async () => {
    const { client: guesser } = await registeredHolder(t.app, { name: '张伟', idNumber: residentId('11010519491231001'), phone: '13800000301' });
    const { client: neighbour } = await registeredHolder(t.app, { name: '李娜', idNumber: residentId('11010519491231002'), phone: '13800000302' });
    for (let i = 0; i < 3; i++) assert.equal((await guesser.post('/api/v1/auth/password', { currentPassword: `guess-${i}-pass`, newPassword: 'newer-pass-2026' })).statusCode, 400);
    const limited = await guesser.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'newer-pass-2026' });
    assert.deepEqual([limited.statusCode, limited.json().error.code], [429, 'SIGN_IN_RATE_LIMITED']);
    assert.equal((await neighbour.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'newer-pass-2026' })).statusCode, 204);
  });
});
