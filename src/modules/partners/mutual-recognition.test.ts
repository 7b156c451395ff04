import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp, declarationBody, registeredHolder, residentId, staffClients, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { verifyOffline } from '../../../web/src/offline-verify.ts';
import { insertCloseContact, insertLabResult } from '../facts/facts.repository.ts';

interface Platform {
  t: TestApp;
  url: string;
  authority: TestClient;
  verifier: TestClient;
  holder: TestClient;
  personId: string;
}

async function platform(target: Parameters<typeof createTestApp>[0], issuerId: string, issuerName: string): Promise<Platform> {
  const t = await createTestApp(target, { config: { issuerId, issuerName } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const { authority, verifier } = await staffClients(t);
  const { client, account } = await registeredHolder(t.app, { name: '王芳', idNumber: residentId(issuerId === 'he.example' ? '13060219900101003' : '11010519900101003'), phone: '13800000005' });
  await client.post(`/api/v1/persons/${account.person.id}/declarations`, declarationBody());
  return { t, url, authority, verifier, holder: client, personId: account.person.id };
}

for (const target of testTargets()) {
  describe(`mutual recognition between two platforms (${target})`, () => {
    let hebei: Platform;
    let beijing: Platform;
    const credentialForHebei = 'hebei-presents-this-to-beijing-0123456789abcdef';
    const credentialForBeijing = 'beijing-presents-this-to-hebei-0123456789abcdef';

    before(async () => {
      hebei = await platform(target, 'he.example', '河北健康码');
      beijing = await platform(target, 'bj.example', '北京健康宝');
      const trust = async (at: Platform, other: Platform, otherId: string, name: string, outbound: string, inbound: string, ratePerMinute = 600) => {
        const response = await at.authority.post('/api/v1/authority/partners', {
          issuerId: otherId,
          name,
          jwksUrl: `${other.url}/.well-known/jwks.json`,
          statusUrl: `${other.url}/api/partner/v1`,
          outboundCredential: outbound,
          inboundCredential: inbound,
          ratePerMinute,
        });
        assert.equal(response.statusCode, 201, response.body);
      };
      await trust(hebei, beijing, 'bj.example', '北京健康宝', credentialForHebei, credentialForBeijing);
      await trust(beijing, hebei, 'he.example', '河北健康码', credentialForBeijing, credentialForHebei, 3);
    });
    after(async () => {
      await hebei?.t.close();
      await beijing?.t.close();
    });

    const codeOf = async (p: Platform) => (await p.holder.get(`/api/v1/persons/${p.personId}/code`)).json() as { token: string; status: { status: string } };

    it('each verifies the other’s codes online, with the issuer named', async () => {
      const atHebei = (await hebei.verifier.post('/api/v1/verifications', { token: (await codeOf(beijing)).token })).json();
      assert.deepEqual([atHebei.result, atHebei.status, atHebei.statusSource, atHebei.issuer], ['valid', 'green', 'live', { id: 'bj.example', name: '北京健康宝' }]);
      assert.equal(atHebei.name, '王*');
      assert.match(atHebei.idNumber, /^1\*+\d$/);
      const atBeijing = (await beijing.verifier.post('/api/v1/verifications', { token: (await codeOf(hebei)).token })).json();
      assert.deepEqual([atBeijing.result, atBeijing.issuer.id], ['valid', 'he.example']);
    });

    it('shows the live status the issuer reports, not the colour in the code', async () => {
      const { token } = await codeOf(beijing);
      await insertCloseContact(beijing.t.deps.db, { personId: beijing.personId, lastContactAt: Date.now() - 3_600_000, recordedAt: Date.now() });
      await beijing.t.deps.status.recompute(beijing.t.deps.db, beijing.personId);
      const outcome = (await hebei.verifier.post('/api/v1/verifications', { token })).json();
      assert.deepEqual([outcome.result, outcome.status, outcome.statusSource], ['valid', 'yellow', 'live']);
    });

    it('shows the nucleic-acid line from the issuer’s latest test (核酸结果互认)', async () => {
      const { token } = await codeOf(hebei);
      const before = (await beijing.verifier.post('/api/v1/verifications', { token })).json();
      assert.equal(before.nucleicAcid.line, 'none_recent');
      const sampledAt = Date.now() - 20 * 3_600_000;
      await insertLabResult(hebei.t.deps.db, { personId: hebei.personId, sampledAt, result: 'negative', lab: '石家庄市疾控中心' });
      await hebei.t.deps.status.recompute(hebei.t.deps.db, hebei.personId);
      const after = (await beijing.verifier.post('/api/v1/verifications', { token })).json();
      assert.deepEqual([after.statusSource, after.nucleicAcid], ['live', { line: 'negative_24h', label: '24小时内核酸阴性', sampledAt }]);
    });

    it('a holder links the code another platform gave them and sees their live colour there (关联外省健康码)', async () => {
      const linked = `/api/v1/persons/${beijing.personId}/linked-codes`;
      const ownColour = (await codeOf(beijing)).status.status;
      const hebeiCode = (await hebei.holder.get(`/api/v1/persons/${hebei.personId}/code`)).json() as { token: string; url: string };
      const link = await beijing.holder.post(linked, { code: hebeiCode.url });
      assert.equal(link.statusCode, 201, link.body);
      assert.deepEqual([link.json().issuer, link.json().status, link.json().statusLabel, link.json().name], [{ id: 'he.example', name: '河北健康码' }, 'green', '绿码', '王*']);
      assert.equal(link.json().nucleicAcid.line, 'negative_24h', 'the latest test there, as that platform reports it');
      const stored = await beijing.t.deps.db.selectFrom('linked_codes').selectAll().execute();
      assert.deepEqual(stored.map((row) => [row.person_id, row.issuer_id, row.subject]), [[beijing.personId, 'he.example', hebei.personId]], 'only who the holder is there');

      // Live: a change there shows here the next time the holder looks, and linking again replaces the link.
      await insertCloseContact(hebei.t.deps.db, { personId: hebei.personId, lastContactAt: Date.now() - 3_600_000, recordedAt: Date.now() });
      await hebei.t.deps.status.recompute(hebei.t.deps.db, hebei.personId);
      assert.equal((await beijing.holder.post(linked, { code: (await codeOf(hebei)).token })).statusCode, 201);
      const list = (await beijing.holder.get(linked)).json();
      assert.deepEqual(list.map((l: { issuer: { id: string }; status: string }) => [l.issuer.id, l.status]), [['he.example', 'yellow']]);
      assert.equal((await beijing.holder.get(`/api/v1/persons/${beijing.personId}/code`)).json().status.status, ownColour, 'the colour here is this platform’s rules’, from its own facts');

      const problem = async (scanned: string, client = beijing.holder, personId = beijing.personId) => {
        const response = await client.post(`/api/v1/persons/${personId}/linked-codes`, { code: scanned });
        return [response.statusCode, response.json().error.fields?.[0]?.code ?? response.json().error.code];
      };
      assert.deepEqual(await problem((await codeOf(beijing)).token), [400, 'LINK_OWN_CODE']);
      assert.deepEqual(await problem('not a code'), [400, 'LINK_CODE_INVALID']);
      const [h, p, s] = (await codeOf(hebei)).token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const reclaimed = (changes: Record<string, unknown>) => `${h}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${s}`;
      assert.deepEqual(await problem(reclaimed({ sub: beijing.personId })), [400, 'LINK_CODE_INVALID'], 'altered');
      assert.deepEqual(await problem(reclaimed({ iss: 'sh.example' })), [400, 'LINK_UNTRUSTED']);
      const other = await registeredHolder(beijing.t.app, { name: '李秀英', idNumber: residentId('11010519620708002'), phone: '13800000006' });
      assert.deepEqual(await problem((await codeOf(hebei)).token, other.client, other.account.person.id), [400, 'LINK_NAME_MISMATCH']);
      other.client.lang = 'en';
      const worded = await other.client.post(`/api/v1/persons/${other.account.person.id}/linked-codes`, { code: (await codeOf(hebei)).token });
      assert.equal(worded.json().error.fields[0].message, 'The name on this code is not this person’s');
      assert.equal((await other.client.get(linked)).statusCode, 404, 'another person’s links are not theirs to see');
      assert.equal((await other.client.delete(`${linked}/${list[0].id}`)).statusCode, 404);

      assert.equal((await beijing.holder.delete(`${linked}/${list[0].id}`)).statusCode, 204);
      assert.deepEqual((await beijing.holder.get(linked)).json(), []);
      assert.equal((await beijing.holder.delete(`${linked}/${list[0].id}`)).statusCode, 404);
    });

    it('each verifies the other’s codes offline from its trust list', async () => {
      const trustList = (await hebei.verifier.get('/api/v1/trust-list')).json();
      assert.deepEqual(trustList.issuers.map((i: { issuerId: string }) => i.issuerId), ['he.example', 'bj.example']);
      assert.equal(trustList.maxAgeSeconds, 24 * 3600);
      const offline = await verifyOffline((await codeOf(beijing)).token, trustList, Date.now());
      assert.deepEqual([offline.result, offline.issuer?.name, offline.name], ['valid', '北京健康宝', '王*']);
      const beijingList = (await beijing.verifier.get('/api/v1/trust-list')).json();
      assert.equal((await verifyOffline((await codeOf(hebei)).token, beijingList, Date.now())).result, 'valid');
      const { token } = await codeOf(hebei);
      const [h, p, s] = token.split('.') as [string, string, string];
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), st: 'green', nm: '张*' })).toString('base64url')}.${s}`;
      assert.equal((await verifyOffline(tampered, beijingList, Date.now())).result, 'invalid');
      assert.equal((await verifyOffline(token, { ...beijingList, issuers: beijingList.issuers.slice(0, 1) }, Date.now())).result, 'untrusted');
      assert.equal((await verifyOffline(token, beijingList, Date.now() + 3_600_000)).result, 'expired');
    });

    it('refuses the inter-platform API without a credential or with a wrong one', async () => {
      const token = (await codeOf(hebei)).token;
      const none = await fetch(`${hebei.url}/api/partner/v1/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      assert.equal(none.status, 401);
      const wrong = await fetch(`${hebei.url}/api/partner/v1/status/${hebei.personId}`, { headers: { authorization: 'Bearer not-a-partner-credential-0000000000' } });
      assert.equal(wrong.status, 401);
      assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
    });

    it('answers a partner with masked data only, and refuses one over its rate', async () => {
      const token = (await codeOf(beijing)).token;
      const call = () =>
        fetch(`${beijing.url}/api/partner/v1/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${credentialForHebei}` },
          body: JSON.stringify({ token }),
        });
      // Beijing allows Hebei 3 calls a minute; earlier tests used some of them.
      let response = await call();
      const seen: number[] = [response.status];
      while (response.status === 200 && seen.length < 5) seen.push((response = await call()).status);
      assert.ok(seen.includes(429), `statuses ${seen}`);
      assert.ok(Number(response.headers.get('retry-after')) > 0);
      const body = (await (await fetch(`${hebei.url}/api/partner/v1/status/${hebei.personId}`, { headers: { authorization: `Bearer ${credentialForBeijing}` } })).json()) as Record<string, string>;
      assert.deepEqual([body.name, /^1\*+\d$/.test(body.idNumber!)], ['王*', true]);
      assert.equal((body.latestTest as unknown as { result: string }).result, 'negative');
      assert.ok(!JSON.stringify(body).includes('王芳'));
    });
  });
}
