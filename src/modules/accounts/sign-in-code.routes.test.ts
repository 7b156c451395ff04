import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, metricValue, registeredHolder, residentId, testClock, testTargets, TestClient, type TestApp } from '../../../test/helpers.ts';

for (const target of testTargets()) {
  describe(`sign-in by one-time code sent by SMS (${target})`, () => {
    const clock = testClock();
    const sent: { phone: string; text: string }[] = [];
    let failSms = false;
    const logged: unknown[] = [];
    let t: TestApp;
    const codeSentTo = (phone: string) => sent.filter((m) => m.phone === phone).at(-1)!.text.match(/(\d{6})/)![1]!;
    const ask = (phone: string) => new TestClient(t.app).post('/api/v1/auth/sign-in/code', { phone });

    before(async () => {
      t = await createTestApp(target, {
        now: clock.now,
        config: { loginAttemptsPerWindow: '100' },
        log: (error) => logged.push(error),
        smsSender: {
          async send(phone, text) {
            if (failSms) throw new Error('gateway down');
            sent.push({ phone, text });
          },
        },
      });
      // One number per test: the one-a-minute limit on texts to a number runs on the real clock.
      for (let i = 1; i <= 6; i++) await registeredHolder(t.app, { name: '张伟', idNumber: residentId(`1101051949123100${i}`), phone: `1380000020${i}` });
    });
    after(() => t.close());

    it('texts a six-digit code to a registered phone and signs in with it, once', async () => {
      const response = await ask('138 0000 0201');
      assert.equal(response.statusCode, 202);
      assert.deepEqual(response.json(), { expiresInSeconds: 300, resendAfterSeconds: 60 });
      assert.match(sent.at(-1)!.text, /^【健康码】您的登录验证码为\d{6}，5分钟内有效/);
      const code = codeSentTo('13800000201');
      const client = new TestClient(t.app);
      const signedIn = await client.post('/api/v1/auth/sign-in/with-code', { phone: '13800000201', code });
      assert.equal(signedIn.statusCode, 200);
      assert.equal(signedIn.json().person.name, '张伟');
      assert.equal((await client.get('/api/v1/auth/session')).statusCode, 200);
      const again = await new TestClient(t.app).post('/api/v1/auth/sign-in/with-code', { phone: '13800000201', code });
      assert.equal(again.statusCode, 401, 'a code signs in once');
      assert.equal(again.json().error.code, 'INVALID_SIGN_IN_CODE');
    });

    it('answers an unregistered number exactly as a registered one, and sends nothing', async () => {
      const before = sent.length;
      const response = await ask('13800000299');
      assert.deepEqual([response.statusCode, response.json()], [202, { expiresInSeconds: 300, resendAfterSeconds: 60 }]);
      assert.equal(sent.length, before);
      const client = new TestClient(t.app);
      const signIn = await client.post('/api/v1/auth/sign-in/with-code', { phone: '13800000299', code: '000000' });
      assert.equal(signIn.json().error.code, 'INVALID_SIGN_IN_CODE');
      client.lang = 'en';
      const inEnglish = await client.post('/api/v1/auth/sign-in/with-code', { phone: '13800000299', code: '000000' });
      assert.equal(inEnglish.json().error.message, 'Wrong or expired code; ask for a new one');
    });

    it('sends one code a minute to a number, whoever asks, and says when to ask again', async () => {
      assert.equal((await ask('13800000202')).statusCode, 202);
      const tooSoon = await ask('13800000202');
      const inEnglish = new TestClient(t.app);
      inEnglish.lang = 'en';
      await inEnglish.post('/api/v1/auth/sign-in/code', { phone: '13800000205' });
      assert.match(sent.at(-1)!.text, /^\[Health code\] Your sign-in code is \d{6}, valid for 5 minutes/, 'in the language the request asked in');
      assert.equal(tooSoon.statusCode, 429);
      assert.equal(tooSoon.json().error.code, 'SIGN_IN_CODE_TOO_SOON');
      assert.match(tooSoon.json().error.message, /验证码已发送，请\d+秒后再重新获取/);
      assert.ok(Number(tooSoon.headers['retry-after']) > 0);
    });

    it('allows five tries of a code, then none; a code expires after five minutes', async () => {
      assert.equal((await ask('13800000203')).statusCode, 202);
      const code = codeSentTo('13800000203');
      const wrong = code === '999999' ? '000000' : '999999';
      const client = new TestClient(t.app);
      for (let i = 0; i < 5; i++) assert.equal((await client.post('/api/v1/auth/sign-in/with-code', { phone: '13800000203', code: wrong })).statusCode, 401);
      assert.equal((await client.post('/api/v1/auth/sign-in/with-code', { phone: '13800000203', code })).statusCode, 401, 'the right code after five wrong tries');

      assert.equal((await ask('13800000204')).statusCode, 202);
      const stored = await t.deps.db.selectFrom('sign_in_codes').selectAll().execute();
      assert.ok(stored.every((row) => !JSON.stringify(row).includes(codeSentTo('13800000204'))), 'the code itself is not stored');
      clock.advance(300_000);
      assert.equal((await client.post('/api/v1/auth/sign-in/with-code', { phone: '13800000204', code: codeSentTo('13800000204') })).statusCode, 401, 'expired');
      await t.deps.accounts.purgeExpiredSessions(t.deps.db);
      assert.deepEqual(await t.deps.db.selectFrom('sign_in_codes').selectAll().execute(), [], 'the hourly purge deletes expired codes');
    });

    it('refuses a malformed number with a field error, and says so when the SMS gateway fails', async () => {
      const bad = await ask('12345');
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.fields[0].field, 'phone');
      failSms = true;
      const failed = await ask('13800000206');
      failSms = false;
      assert.equal(failed.statusCode, 503);
      assert.equal(failed.json().error.message, '短信发送失败，请稍后再试');
      assert.equal(logged.length, 1, 'the gateway’s error is logged');
    });
  });
}

describe('sign-in codes per address', () => {
  let t: TestApp;
  const sent: string[] = [];
  before(async () => {
    t = await createTestApp('sqlite', { config: { signInCodesPerAddress: '3' }, smsSender: { send: async (phone) => void sent.push(phone) } });
    for (let i = 1; i <= 5; i++) await registeredHolder(t.app, { name: '张伟', idNumber: residentId(`1101051949123100${i}`), phone: `1380000030${i}` });
  });
  after(() => t.close());

  const ask = (phone: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in/code', payload: { phone }, headers: { 'accept-language': 'zh-CN' }, remoteAddress });

  it('sends at most so many texts for one address, to whatever numbers it names; other addresses are not affected', async () => {
    // An unregistered number counts like a registered one, or the limit would tell which numbers are registered.
    const statuses = [];
    for (const phone of ['13800000301', '13800000399', '13800000302', '13800000303']) statuses.push((await ask(phone, '10.0.0.9')).statusCode);
    assert.deepEqual(statuses, [202, 202, 202, 429]);
    const refused = await ask('13800000304', '10.0.0.9');
    assert.equal(refused.json().error.code, 'SIGN_IN_RATE_LIMITED');
    assert.match(refused.json().error.message, /尝试次数过多.*分钟后再试/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await ask('13800000305', '10.0.0.10')).statusCode, 202, 'another address');
    assert.deepEqual(sent, ['13800000301', '13800000302', '13800000305']);
    assert.equal(metricValue(await t.deps.metrics.registry.metrics(), 'healthcode_http_requests_rate_limited_total{limit="sign_in_codes"}'), 2);
  });
});
