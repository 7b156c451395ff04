import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { createTestApp, declarationBody, registeredHolder, testClock, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { insertCloseContact, insertLabResult } from '../facts/facts.repository.ts';
import { up as markStatusesWithTests } from '../../db/migrations/20261202T0100_latest_test_in_status.ts';
import { checkCodeToken, signCodeToken } from './code-token.ts';

const ID_NUMBER = '11010519491231002X';

for (const target of testTargets()) {
  describe(`holder codes (${target})`, () => {
    const clock = testClock(Date.parse('2026-11-20T01:00:00Z'));
    let t: TestApp;
    let holder: { client: TestClient; account: { person: { id: string } } };
    let codeUrl: string;
    before(async () => {
      t = await createTestApp(target, { now: clock.now, config: { codeTtlSeconds: '180', publicUrl: 'https://hc.example.cn', sessionTtlSeconds: String(60 * 86400) } });
      holder = await registeredHolder(t.app, { name: '欧阳明峰', idNumber: ID_NUMBER, phone: '13800000001' });
      codeUrl = `/api/v1/persons/${holder.account.person.id}/code`;
    });
    after(() => t.close());

    it('gives no code before the first declaration, and says what to do', async () => {
      const code = (await holder.client.get(codeUrl)).json();
      assert.deepEqual([code.status.status, code.token, code.url], ['pending', null, null]);
      assert.match(code.status.headline, /去打卡/);
    });

    it('issues a short-lived signed token that verifies against the published JWKS and carries no identity', async () => {
      await holder.client.post(`/api/v1/persons/${holder.account.person.id}/declarations`, declarationBody());
      const code = (await holder.client.get(codeUrl)).json();
      assert.equal(code.status.status, 'green');
      assert.equal(code.name, '欧**峰');
      assert.equal(code.expiresAt - Math.floor(code.issuedAt / 1000) * 1000, 180_000);
      assert.equal(code.url, `https://hc.example.cn/v/${code.token}`);
      assert.equal(code.qrColour, '#0b7a3e', 'the QR is drawn in the status colour');

      const [header, payload, signature] = code.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'iss', 'nm', 'st', 'sub']);
      assert.equal(claims.nm, '欧**峰');
      assert.ok(!code.token.includes(ID_NUMBER) && !Buffer.from(payload, 'base64url').toString().includes('欧阳明峰'));

      const jwks = await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
      const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
      const jwk = jwks.json().keys.find((k: { kid: string }) => k.kid === kid);
      assert.ok(jwk, 'the signing key is published');
      assert.equal(jwk.d, undefined, 'no private part is published');
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      assert.ok(verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')));
      assert.deepEqual(await t.deps.codes.check(code.token), { ok: true, kid, claims });
    });

    it('rejects an expired token: 1 s before expiry it is valid, at expiry it is not', async () => {
      const code = (await holder.client.get(codeUrl)).json();
      clock.set(code.expiresAt - 1000);
      assert.equal((await t.deps.codes.check(code.token)).ok, true);
      clock.set(code.expiresAt);
      assert.deepEqual(await t.deps.codes.check(code.token), { ok: false, problem: 'EXPIRED', claims: JSON.parse(Buffer.from(code.token.split('.')[1], 'base64url').toString()) });
    });

    it('rejects an altered token: a colour changed from red to green, a changed MAC, a swapped signature, garbage', async () => {
      const code = (await holder.client.get(codeUrl)).json();
      const [header, payload, signature] = code.token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const altered = Buffer.from(JSON.stringify({ ...claims, st: 'red', exp: claims.exp + 3600 })).toString('base64url');
      assert.deepEqual(await t.deps.codes.check(`${header}.${altered}.${signature}`), { ok: false, problem: 'BAD_SIGNATURE' });
      const protectedHeader = JSON.parse(Buffer.from(header, 'base64url').toString());
      const mac = Buffer.from(protectedHeader.mac, 'base64url');
      mac[0] = mac[0]! ^ 0xff;
      const otherMac = Buffer.from(JSON.stringify({ ...protectedHeader, mac: mac.toString('base64url') })).toString('base64url');
      assert.deepEqual(await t.deps.codes.check(`${otherMac}.${payload}.${signature}`), { ok: false, problem: 'BAD_SIGNATURE' });
      // Without the MAC key (partners, offline devices) the signature decides.
      const publicOnly = (_iss: string, kid: string) => (kid === protectedHeader.kid ? { publicKey: t.deps.signingKeys.active().publicKey } : undefined);
      assert.equal(checkCodeToken(code.token, publicOnly, clock.now()).ok, true);
      const flipped = Buffer.from(signature, 'base64url');
      flipped[0] = flipped[0]! ^ 0xff;
      assert.deepEqual(checkCodeToken(`${header}.${payload}.${flipped.toString('base64url')}`, publicOnly, clock.now()), { ok: false, problem: 'BAD_SIGNATURE' });
      for (const garbage of ['', 'abc', 'a.b.c', `${header}.${payload}`, `${header}.e30.${signature}`]) {
        assert.equal((await t.deps.codes.check(garbage)).ok, false, garbage);
      }
    });

    it('checks its own codes by MAC and codes without one (signed before MACs) by signature', async () => {
      const key = t.deps.signingKeys.active();
      const claims = { iss: t.config.issuerId, sub: holder.account.person.id, st: 'green' as const, nm: '欧**峰', iat: Math.floor(clock.now() / 1000), exp: Math.floor(clock.now() / 1000) + 180 };
      const withoutMac = signCodeToken(claims, key.kid, key.privateKey);
      assert.equal(JSON.parse(Buffer.from(withoutMac.split('.')[0]!, 'base64url').toString()).mac, undefined);
      assert.equal((await t.deps.codes.check(withoutMac)).ok, true);
      const [header, payload, signature] = withoutMac.split('.');
      const flipped = Buffer.from(signature!, 'base64url');
      flipped[0] = flipped[0]! ^ 0xff;
      assert.deepEqual(await t.deps.codes.check(`${header}.${payload}.${flipped.toString('base64url')}`), { ok: false, problem: 'BAD_SIGNATURE' });
    });

    it('rejects a token signed by an unknown key, even one claiming a published key id', async () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const claims = { iss: t.config.issuerId, sub: holder.account.person.id, st: 'green' as const, nm: '欧**峰', iat: Math.floor(clock.now() / 1000), exp: Math.floor(clock.now() / 1000) + 180 };
      assert.deepEqual(await t.deps.codes.check(signCodeToken(claims, 'k-unknown', privateKey)), { ok: false, problem: 'UNKNOWN_KEY', claims });
      const published = t.deps.signingKeys.active().kid;
      assert.deepEqual(await t.deps.codes.check(signCodeToken(claims, published, privateKey)), { ok: false, problem: 'BAD_SIGNATURE' });
      const foreign = { ...claims, iss: 'other.platform' };
      assert.equal((await t.deps.codes.check(signCodeToken(foreign, published, t.deps.signingKeys.active().privateKey))).ok, false, 'own key, other issuer');
    });

    it('reads the stored status without recomputing, and shows a new fact once it is recorded', async () => {
      const personId = holder.account.person.id;
      const before = await t.deps.db.selectFrom('person_status').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
      clock.advance(60_000);
      await holder.client.get(codeUrl);
      const after = await t.deps.db.selectFrom('person_status').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
      assert.equal(after.computed_at, before.computed_at, 'no recomputation on a read');

      await insertCloseContact(t.deps.db, { personId, lastContactAt: clock.now() - 3_600_000, recordedAt: clock.now() });
      await t.deps.status.recompute(t.deps.db, personId);
      const code = (await holder.client.get(codeUrl)).json();
      assert.equal(code.status.status, 'yellow');
      assert.match(code.status.reasons[0].text, /密切接触者/);
      assert.equal(code.qrColour, '#a66f00');
      const history = await t.deps.db.selectFrom('status_history').select(['status', 'rule_set_version']).where('person_id', '=', personId).orderBy('at').execute();
      assert.deepEqual(history.map((h) => h.status), ['pending', 'green', 'yellow']);
      assert.ok(history.every((h) => h.rule_set_version === 'baseline-1'));
    });

    it('recomputes by itself when time alone changes the status (a close contact lapsing)', async () => {
      const personId = holder.account.person.id;
      for (let day = 1; day <= 13; day++) {
        clock.advance(86_400_000);
        await holder.client.post(`/api/v1/persons/${personId}/declarations`, declarationBody());
      }
      assert.equal((await holder.client.get(codeUrl)).json().status.status, 'yellow', '13 days after the contact');
      const stored = await t.deps.db.selectFrom('person_status').select(['reevaluate_at']).where('person_id', '=', personId).executeTakeFirstOrThrow();
      clock.set(stored.reevaluate_at!);
      const code = (await holder.client.get(codeUrl)).json();
      assert.equal(code.status.status, 'green', 'no new fact, only the 14 days passing');
    });

    it('shows the latest nucleic-acid test by its age (24/48/72 小时内), reckoned when shown, not when stored', async () => {
      const personId = holder.account.person.id;
      assert.deepEqual((await holder.client.get(codeUrl)).json().nucleicAcid, { line: 'none_recent', label: '无近期核酸记录', sampledAt: null });
      const HOUR = 3_600_000;
      const sampledAt = clock.now() - 30 * HOUR;
      await insertLabResult(t.deps.db, { personId, sampledAt: sampledAt - 48 * HOUR, result: 'negative', lab: '北京市疾控中心' });
      await insertLabResult(t.deps.db, { personId, sampledAt, result: 'negative', lab: '北京市疾控中心' });
      await t.deps.status.recompute(t.deps.db, personId);
      assert.deepEqual((await holder.client.get(codeUrl)).json().nucleicAcid, { line: 'negative_48h', label: '48小时内核酸阴性', sampledAt });
      const storedAt = (await t.deps.db.selectFrom('person_status').select('computed_at').where('person_id', '=', personId).executeTakeFirstOrThrow()).computed_at;
      clock.advance(20 * HOUR);
      holder.client.lang = 'en';
      assert.deepEqual((await holder.client.get(codeUrl)).json().nucleicAcid, { line: 'negative_72h', label: 'Negative test within 72 h', sampledAt });
      holder.client.lang = 'zh-CN';
      clock.advance(23 * HOUR);
      assert.equal((await holder.client.get(codeUrl)).json().nucleicAcid.line, 'none_recent', '73 hours after sampling');
      const storedNow = (await t.deps.db.selectFrom('person_status').select('computed_at').where('person_id', '=', personId).executeTakeFirstOrThrow()).computed_at;
      assert.equal(storedNow, storedAt, 'the age changed without a recomputation');
    });

    it('after the upgrade, a status stored without the latest test is recomputed on its next read to carry it', async () => {
      const personId = holder.account.person.id;
      const sampledAt = clock.now() - 2 * 3_600_000;
      await insertLabResult(t.deps.db, { personId, sampledAt, result: 'negative', lab: '北京市疾控中心' });
      const row = await t.deps.db.selectFrom('person_status').select('reasons').where('person_id', '=', personId).executeTakeFirstOrThrow();
      const { latestTest: _dropped, ...before } = JSON.parse(row.reasons) as Record<string, unknown>;
      await t.deps.db.updateTable('person_status').set({ reasons: JSON.stringify(before), reevaluate_at: null }).where('person_id', '=', personId).execute();
      t.deps.bus.publish('status', [personId]);
      await markStatusesWithTests(t.deps.db as unknown as Kysely<unknown>);
      clock.advance(1000);
      assert.deepEqual((await holder.client.get(codeUrl)).json().nucleicAcid, { line: 'negative_24h', label: '24小时内核酸阴性', sampledAt });
    });
  });
}
