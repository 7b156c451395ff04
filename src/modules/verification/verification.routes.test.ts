import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, declarationBody, registeredHolder, residentId, staffClients, testClock, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { signCodeToken } from '../codes/code-token.ts';
import { insertCase, insertLabResult } from '../facts/facts.repository.ts';
import { insertVerificationsQuery } from './verification.repository.ts';

for (const target of testTargets()) {
  describe(`verification (${target})`, () => {
    const clock = testClock(Date.parse('2026-11-20T01:00:00Z'));
    let t: TestApp;
    let holder: TestClient;
    let personId: string;
    let verifier: TestClient;
    let authority: TestClient;
    let organisationId: string;
    const codeOf = async () => (await holder.get(`/api/v1/persons/${personId}/code`)).json() as { token: string; url: string; expiresAt: number };
    const verify = async (token: string) => (await verifier.post('/api/v1/verifications', { token })).json();

    before(async () => {
      t = await createTestApp(target, { now: clock.now });
      const registered = await registeredHolder(t.app, { name: '李秀英', idNumber: residentId('13060219620708002'), phone: '13800000002' });
      holder = registered.client;
      personId = registered.account.person.id;
      await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody());
      ({ verifier, authority, organisationId } = await staffClients(t));
    });
    after(() => t.close());

    it('verifies a fresh code online: live colour, masked name and ID, issuer; the check is recorded', async () => {
      const { url } = await codeOf();
      const outcome = await verify(url);
      assert.deepEqual(
        [outcome.result, outcome.status, outcome.statusLabel, outcome.statusSource, outcome.name, outcome.idNumber, outcome.kind, outcome.mode],
        ['valid', 'green', '绿码', 'live', '李*英', `1****************${residentId('13060219620708002').at(-1)}`, 'holder', 'online'],
      );
      assert.deepEqual(outcome.issuer, { id: t.config.issuerId, name: t.config.issuerName });
      assert.deepEqual(outcome.nucleicAcid, { line: 'none_recent', label: '无近期核酸记录', sampledAt: null });
      const rows = await t.deps.db.selectFrom('verifications').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.deepEqual([rows[0]!.organisation_id, rows[0]!.result, rows[0]!.status, rows[0]!.mode, rows[0]!.subject], [organisationId, 'valid', 'green', 'online', personId]);
    });

    it('shows the holder’s latest negative test by its age, as checkpoints read it', async () => {
      const sampledAt = clock.now() - 10 * 3_600_000;
      await insertLabResult(t.deps.db, { personId, sampledAt, result: 'negative', lab: '保定市第一医院' });
      await t.deps.status.recompute(t.deps.db, personId);
      const { token } = await codeOf();
      assert.deepEqual((await verify(token)).nucleicAcid, { line: 'negative_24h', label: '24小时内核酸阴性', sampledAt });
    });

    it('shows red for a code issued green whose holder has turned red since', async () => {
      const { token } = await codeOf();
      await insertCase(t.deps.db, { personId, kind: 'confirmed', openedAt: clock.now() });
      await t.deps.status.recompute(t.deps.db, personId);
      const outcome = await verify(token);
      assert.deepEqual([outcome.result, outcome.status, outcome.statusLabel], ['valid', 'red', '红码']);
      assert.match(outcome.reasons[0], /确诊病例/);
    });

    it('says an expired code is expired (已过期，请刷新), not a generic error', async () => {
      const { token, expiresAt } = await codeOf();
      clock.set(expiresAt);
      const outcome = await verify(token);
      assert.deepEqual([outcome.result, outcome.message, outcome.status], ['expired', '已过期，请刷新', null]);
      verifier.lang = 'en';
      assert.equal((await verify(token)).message, 'Expired: ask the holder to refresh the code');
      verifier.lang = 'zh-CN';
    });

    it('refuses an altered code, a forged one, an untrusted issuer and garbage, each with its own message', async () => {
      const { token } = await codeOf();
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const altered = `${header}.${Buffer.from(JSON.stringify({ ...claims, st: 'green' })).toString('base64url')}.${signature}`;
      assert.deepEqual([(await verify(altered)).result, (await verify(altered)).message], ['invalid', '二维码无效或已被篡改，请勿放行']);
      const { privateKey } = generateKeyPairSync('ed25519');
      const forged = signCodeToken({ ...claims }, t.deps.signingKeys.active().kid, privateKey);
      assert.equal((await verify(forged)).result, 'invalid');
      const foreign = signCodeToken({ ...claims, iss: 'unknown.example' }, 'k1', privateKey);
      const untrusted = await verify(foreign);
      assert.deepEqual([untrusted.result, untrusted.message], ['untrusted', '非可信平台签发的健康码，无法核验']);
      assert.equal((await verify('hello')).result, 'invalid');
      assert.equal((await verifier.post('/api/v1/verifications', { token: '' })).statusCode, 400);
    });

    it('is for verifiers: a holder cannot verify codes (it looks not found)', async () => {
      const { token } = await codeOf();
      assert.equal((await holder.post('/api/v1/verifications', { token })).statusCode, 404);
      assert.equal((await holder.get('/api/v1/trust-list')).statusCode, 404);
    });

    it('accepts paper codes and labels them; a revoked one is refused with its own message', async () => {
      const paper = await holder.post(`/api/v1/persons/${personId}/paper-codes`, {});
      assert.equal(paper.statusCode, 201);
      const { id, token, expiresAt, issuedAt } = paper.json();
      assert.equal(expiresAt - Math.floor(issuedAt / 1000) * 1000, 7 * 86_400_000);
      const outcome = await verify(token);
      assert.deepEqual([outcome.result, outcome.kind, outcome.kindLabel], ['valid', 'paper', '纸质码']);
      clock.advance(6 * 86_400_000);
      assert.equal((await verify(token)).result, 'valid', 'still valid on day 6');
      assert.equal((await holder.post(`/api/v1/authority/paper-codes/${id}/revoke`, { reason: '遗失补办' })).statusCode, 404, 'only the authority revokes');
      assert.equal((await authority.post(`/api/v1/authority/paper-codes/${id}/revoke`, { reason: '遗失补办' })).statusCode, 204);
      const revoked = await verify(token);
      assert.deepEqual([revoked.result, revoked.message], ['revoked', '该纸质码已被撤销，请勿放行']);
      const audit = await t.deps.db.selectFrom('audit_log').select(['action', 'reason']).where('action', '=', 'paper_code.revoke').execute();
      assert.deepEqual(audit, [{ action: 'paper_code.revoke', reason: '遗失补办' }]);
    });

    it('lets the authority print a paper code for anyone only with a reason', async () => {
      assert.equal((await authority.post(`/api/v1/persons/${personId}/paper-codes`, {})).statusCode, 400);
      assert.equal((await authority.post(`/api/v1/persons/${personId}/paper-codes`, { reason: '社区为老人代打印' })).statusCode, 201);
    });

    it('stores offline checks once, even when the upload is retried', async () => {
      const { token } = await codeOf();
      const checks = [
        { id: 'device-1-check-0001', token, checkedAt: clock.now() - 60_000 },
        { id: 'device-1-check-0002', token: 'garbage', checkedAt: clock.now() - 30_000 },
      ];
      assert.deepEqual((await verifier.post('/api/v1/verifications/offline', { checks })).json(), { stored: 2, alreadyStored: 0 });
      assert.deepEqual((await verifier.post('/api/v1/verifications/offline', { checks })).json(), { stored: 0, alreadyStored: 2 });
      const rows = await t.deps.db.selectFrom('verifications').select(['result', 'mode']).where('mode', '=', 'offline').orderBy('checked_at').execute();
      assert.deepEqual(rows, [{ result: 'valid', mode: 'offline' }, { result: 'invalid', mode: 'offline' }]);
      // A retry cut short and sent again with what followed: the one already stored is left out, as is a new one sent twice in it.
      const third = { id: 'device-1-check-0004', token, checkedAt: clock.now() - 10_000 };
      assert.deepEqual((await verifier.post('/api/v1/verifications/offline', { checks: [checks[1], third, third] })).json(), { stored: 1, alreadyStored: 2 });
      const future = await verifier.post('/api/v1/verifications/offline', { checks: [{ id: 'device-1-check-0003', token, checkedAt: clock.now() + 3_600_000 }] });
      assert.equal(future.statusCode, 400);
    });

    it('purges exactly the records of checks made before the retention, however many there are', async () => {
      const DAY = 86_400_000;
      const cutoff = clock.now() - 28 * DAY;
      const record = (id: string, checkedAt: number) => ({
        id,
        client_check_id: null,
        checked_at: checkedAt,
        recorded_at: clock.now(),
        verifier_account_id: 'v',
        organisation_id: organisationId,
        issuer_id: t.config.issuerId,
        subject: personId,
        paper_code_id: null,
        mode: 'online',
        result: 'valid',
        status: 'green',
      });
      // More than one purge batch of them.
      const old = Array.from({ length: 5_001 }, (_, i) => record(`old-${String(i).padStart(5, '0')}`, cutoff - 1 - i));
      for (let i = 0; i < old.length; i += 1000) await t.deps.db.executeQuery(insertVerificationsQuery(t.deps.db, old.slice(i, i + 1000)));
      await t.deps.db.executeQuery(insertVerificationsQuery(t.deps.db, [record('edge', cutoff), record('recent', clock.now() - DAY)]));
      const before = await t.deps.db.selectFrom('verifications').select('id').where('id', 'not like', 'old-%').execute();

      assert.deepEqual(await t.deps.verification.purge(t.deps.db), { deleted: 5_001, cutoff });
      const after = await t.deps.db.selectFrom('verifications').select('id').execute();
      assert.deepEqual(after.map((r) => r.id).sort(), before.map((r) => r.id).sort());
      assert.ok(after.some((r) => r.id === 'edge') && after.some((r) => r.id === 'recent'));
      assert.deepEqual(await t.deps.verification.purge(t.deps.db), { deleted: 0, cutoff });
    });

    it('rotates keys: new codes use the new key, old codes stay valid until they expire, the old key leaves the JWKS later', async () => {
      const old = await codeOf();
      const oldKid = t.deps.signingKeys.active().kid;
      const newKid = await t.deps.signingKeys.rotate();
      assert.notEqual(newKid, oldKid);
      const fresh = await codeOf();
      assert.equal(JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString()).kid, newKid);
      assert.equal((await verify(old.token)).result, 'valid', 'the old code is still valid');
      const kids = async () => ((await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys as { kid: string }[]).map((k) => k.kid);
      assert.deepEqual((await kids()).sort(), [oldKid, newKid].sort());
      clock.set(old.expiresAt);
      assert.equal((await verify(old.token)).result, 'expired');
      clock.advance(60_000);
      assert.deepEqual(await kids(), [newKid], 'retired key withdrawn once its codes have expired');
    });
  });
}
