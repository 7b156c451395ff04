import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { testRedisUrl } from '../../config.ts';
import { after, before, describe, it } from 'node:test';
import { createTestApp, metricValue, registeredHolder, residentId, testClock, testTargets, TestClient, TEST_PASSWORD, type TestApp } from '../../../test/helpers.ts';

for (const target of testTargets()) {
  describe(`accounts and identity (${target})`, () => {
    const clock = testClock();
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target, { now: clock.now, config: { sessionTtlSeconds: '3600', loginAttemptsPerWindow: '100' } });
    });
    after(() => t.close());

    it('registers a holder, signs them in, and shows them their own data unmasked', async () => {
      const { client, account } = await registeredHolder(t.app, { name: '张伟', idNumber: '11010519491231002x', phone: '13800000101' });
      assert.deepEqual(account, {
        ...account,
        roles: ['holder'],
        phone: '13800000101',
        person: { ...account.person, name: '张伟', idNumber: '11010519491231002X', idType: 'resident_id', identityAssurance: 'document-consistency' },
      });
      const session = await client.get('/api/v1/auth/session');
      assert.equal(session.statusCode, 200);
      assert.equal(session.json().person.idNumber, '11010519491231002X');
    });

    it('refuses a second registration of the same document, whatever the case of x (一人一码)', async () => {
      const client = new TestClient(t.app);
      const response = await client.post('/api/v1/auth/register', {
        name: '张伟',
        idType: 'resident_id',
        idNumber: '11010519491231002X',
        phone: '13800000102',
        password: TEST_PASSWORD,
      });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().error.code, 'ALREADY_REGISTERED');
      assert.match(response.json().error.message, /一人只能有一个健康码/);
      const count = await t.deps.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('roles', 'like', '%holder%').executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1, 'nothing was created');
    });

    it('refuses a phone number already registered', async () => {
      const client = new TestClient(t.app);
      const response = await client.post('/api/v1/auth/register', {
        name: '王芳',
        idType: 'passport',
        idNumber: 'E00000001',
        phone: '13800000101',
        password: TEST_PASSWORD,
      });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().error.code, 'PHONE_TAKEN');
      assert.equal(await t.deps.identity.findByDocument(t.deps.db, 'passport', 'E00000001'), undefined, 'the person was rolled back');
    });

    it('reports every bad field at once, in the language asked for', async () => {
      const client = new TestClient(t.app);
      const body = { name: '张3', idType: 'resident_id', idNumber: '110105194912310021', phone: '123', password: 'short' };
      const zh = await client.post('/api/v1/auth/register', body);
      assert.equal(zh.statusCode, 400);
      assert.deepEqual(
        zh.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code]),
        [
          ['name', 'NAME_INVALID'],
          ['idNumber', 'ID_CHECK_DIGIT'],
          ['phone', 'PHONE_INVALID'],
          ['password', 'PASSWORD_WEAK'],
        ],
      );
      assert.match(zh.json().error.fields[1].message, /校验位/);
      client.lang = 'en';
      const en = await client.post('/api/v1/auth/register', body);
      assert.match(en.json().error.fields[1].message, /check digit/);
      assert.equal(en.json().error.message, 'Some fields need attention');
    });

    it('answers schema violations, malformed JSON, oversized bodies and paths no route takes with clear errors, not 500', async () => {
      const client = new TestClient(t.app);
      const missing = await client.post('/api/v1/auth/register', { name: '张伟' });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(
        missing.json().error.fields.map((f: { field: string }) => f.field).sort(),
        ['idNumber', 'idType', 'password', 'phone'],
      );
      const empty = await client.post('/api/v1/auth/register', { name: '', idType: 'resident_id', idNumber: '110105194912310021', phone: '', password: '' });
      assert.deepEqual(
        empty.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code]),
        [['name', 'REQUIRED'], ['idNumber', 'ID_CHECK_DIGIT'], ['phone', 'REQUIRED'], ['password', 'REQUIRED']],
        'empty fields are reported together with the other problems',
      );
      const badType = await client.post('/api/v1/auth/register', { name: '张伟', idType: 'library_card', idNumber: '1', phone: '1', password: '1' });
      assert.equal(badType.json().error.fields.find((f: { field: string }) => f.field === 'idType').code, 'NOT_ALLOWED');
      const malformed = await client.request({ method: 'POST', url: '/api/v1/auth/sign-in', payload: '{"phone":', headers: { 'content-type': 'application/json' } });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error.code, 'BAD_REQUEST');
      const huge = await client.request({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: JSON.stringify({ phone: 'x'.repeat(t.config.bodyLimitBytes), password: 'x' }),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(huge.statusCode, 413);
      assert.equal(huge.json().error.code, 'PAYLOAD_TOO_LARGE');
      // Paths Fastify refuses before choosing a route answer in the same shape and language.
      client.lang = 'en';
      const longId = await client.post(`/api/v1/persons/${'0'.repeat(300)}/declarations`, {});
      assert.deepEqual([longId.statusCode, longId.json()], [404, { error: { code: 'NOT_FOUND', message: 'Not found' } }]);
      assert.equal(longId.headers['x-content-type-options'], 'nosniff');
      const badEncoding = await client.post('/api/v1/persons/%E0%A4%A/declarations', {});
      assert.deepEqual([badEncoding.statusCode, badEncoding.json().error.code], [400, 'BAD_REQUEST']);
    });

    it('stores no personal data in plaintext: the raw rows hold only sealed values and keyed hashes', async () => {
      await registeredHolder(t.app, { name: '欧阳明峰', idNumber: residentId('44030519781120004'), phone: '13800000103' });
      const persons = await t.deps.db.selectFrom('persons').selectAll().execute();
      const accounts = await t.deps.db.selectFrom('accounts').selectAll().execute();
      const raw = JSON.stringify([persons, accounts]);
      for (const secret of ['欧阳明峰', residentId('44030519781120004'), '13800000103', '张伟', '11010519491231002X', '13800000101', TEST_PASSWORD]) {
        assert.ok(!raw.includes(secret), `raw rows contain ${secret}`);
      }
      assert.match(persons[0]!.name_sealed, /^v1\./);
    });

    it('signs in with phone and password; a wrong password and an unknown phone look the same', async () => {
      const client = new TestClient(t.app);
      const wrong = await client.post('/api/v1/auth/sign-in', { phone: '13800000101', password: 'wrong-pass1' });
      const unknown = await client.post('/api/v1/auth/sign-in', { phone: '13899999999', password: 'wrong-pass1' });
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual(wrong.json(), unknown.json());
      const ok = await client.post('/api/v1/auth/sign-in', { phone: '138 0000 0101', password: TEST_PASSWORD });
      assert.equal(ok.statusCode, 200);
      const cookie = ok.cookies.find((c) => c.name === 'hc_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
    });

    it('expires sessions after their lifetime', async () => {
      const client = new TestClient(t.app);
      await client.post('/api/v1/auth/sign-in', { phone: '13800000101', password: TEST_PASSWORD });
      clock.advance(3599_000);
      assert.equal((await client.get('/api/v1/auth/session')).statusCode, 200);
      clock.advance(2_000);
      const expired = await client.get('/api/v1/auth/session');
      assert.equal(expired.statusCode, 401);
      assert.equal(expired.json().error.code, 'UNAUTHENTICATED');
    });

    it('requires the CSRF token for writes made with the session cookie', async () => {
      const client = new TestClient(t.app);
      await client.post('/api/v1/auth/sign-in', { phone: '13800000101', password: TEST_PASSWORD });
      const forged = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie: client.cookie } });
      assert.equal(forged.statusCode, 403);
      assert.equal(forged.json().error.code, 'CSRF_FAILED');
      assert.equal((await client.get('/api/v1/auth/session')).statusCode, 200, 'still signed in');
    });

    it('signs out of one session, or everywhere', async () => {
      const phone = { phone: '13800000101', password: TEST_PASSWORD };
      const a = new TestClient(t.app);
      const b = new TestClient(t.app);
      const c = new TestClient(t.app);
      for (const client of [a, b, c]) await client.post('/api/v1/auth/sign-in', phone);
      const staleCookie = a.cookie;
      assert.equal((await a.post('/api/v1/auth/sign-out')).statusCode, 204);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie: staleCookie } })).statusCode, 401);
      assert.equal((await b.get('/api/v1/auth/session')).statusCode, 200);
      assert.equal((await b.post('/api/v1/auth/sign-out?everywhere=true')).statusCode, 204);
      assert.equal((await c.get('/api/v1/auth/session')).statusCode, 401);
    });

    it('does not let a holder read another person: forbidden looks like not found', async () => {
      const { account: other } = await registeredHolder(t.app, { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000104' });
      const client = new TestClient(t.app);
      await client.post('/api/v1/auth/sign-in', { phone: '13800000101', password: TEST_PASSWORD });
      const forbidden = await client.post(`/api/v1/authority/persons/${other.person.id}/reveal`, { reason: 'curious about them' });
      const missing = await client.post('/api/v1/authority/persons/no-such-person/reveal', { reason: 'curious about them' });
      assert.equal(forbidden.statusCode, 404);
      assert.deepEqual(forbidden.json(), missing.json());
      const anonymous = await t.app.inject({ method: 'POST', url: `/api/v1/authority/persons/${other.person.id}/reveal`, payload: { reason: 'curious' } });
      assert.equal(anonymous.statusCode, 401);
    });

    it('lets an authority user read unmasked data only with a reason, and audits the read', async () => {
      const { account: subject } = await registeredHolder(t.app, { name: '赵敏', idNumber: residentId('32010219880808005'), phone: '13800000105' });
      await t.deps.accounts.createStaffAccount(t.deps.db, { name: '审计员', phone: '13900000101', password: TEST_PASSWORD, roles: ['authority_operator'] });
      const staff = new TestClient(t.app);
      await staff.post('/api/v1/auth/sign-in', { phone: '13900000101', password: TEST_PASSWORD });
      const noReason = await staff.post(`/api/v1/authority/persons/${subject.person.id}/reveal`, { reason: ' ' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().error.fields[0].code, 'REASON_REQUIRED');
      const revealed = await staff.post(`/api/v1/authority/persons/${subject.person.id}/reveal`, { reason: '流调核实身份' });
      assert.equal(revealed.statusCode, 200);
      assert.equal(revealed.json().name, '赵敏');
      const audit = await t.deps.db.selectFrom('audit_log').selectAll().where('subject_person_id', '=', subject.person.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'person.reveal');
      assert.equal(audit[0]!.reason, '流调核实身份');
    });

  });
}

describe('sign-in attempt limit', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp('sqlite', { config: { loginAttemptsPerWindow: '5', loginAttemptsPerPhone: '8' } });
  });
  after(() => t.close());

  it('limits attempts per phone and address, with a clear message and Retry-After', async () => {
    const client = new TestClient(t.app);
    const attempt = () => client.post('/api/v1/auth/sign-in', { phone: '13800000199', password: 'wrong-pass1' });
    for (let i = 0; i < 5; i++) assert.equal((await attempt()).statusCode, 401);
    const limited = await attempt();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'SIGN_IN_RATE_LIMITED');
    assert.match(limited.json().error.message, /分钟后再试/);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    const otherPhone = await client.post('/api/v1/auth/sign-in', { phone: '13800000198', password: 'wrong-pass1' });
    assert.equal(otherPhone.statusCode, 401, 'another phone is not affected');
  });

  it('limits attempts per phone from every address together, so many addresses cannot guess one password', async () => {
    const attempt = (phone: string, address: number) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { phone, password: 'wrong-pass1' }, remoteAddress: `10.1.0.${address}` });
    const statuses = [];
    for (let address = 1; address <= 9; address++) statuses.push((await attempt('13800000197', address)).statusCode);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401, 401, 429], 'eight attempts a phone in the window, one from each address');
    assert.equal((await attempt('13800000196', 9)).statusCode, 401, 'another phone from the same address is not affected');
    assert.equal(metricValue(await t.deps.metrics.registry.metrics(), 'healthcode_http_requests_rate_limited_total{limit="sign_in_attempts"}'), 2, 'with the one of the test before');
  });
});

describe('sign-in attempt limit shared through Redis', { skip: testRedisUrl() ? false : 'HEALTHCODE_TEST_REDIS not set' }, () => {
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    const config = { loginAttemptsPerWindow: '2', redisUrl: testRedisUrl()! };
    a = await createTestApp('sqlite', { config });
    b = await createTestApp('sqlite', { config });
  });
  after(async () => {
    await a.close();
    await b.close();
  });

  it('counts attempts made through any process', async () => {
    const phone = `1380${randomInt(1_000_000, 9_999_999)}`;
    const attempt = (app: TestApp) => new TestClient(app.app).post('/api/v1/auth/sign-in', { phone, password: 'wrong-pass1' });
    assert.equal((await attempt(a)).statusCode, 401);
    assert.equal((await attempt(b)).statusCode, 401);
    assert.equal((await attempt(a)).statusCode, 429);
    assert.equal((await attempt(b)).statusCode, 429);
  });
});
