import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, declarationBody, registeredHolder, residentId, testClock, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';

const ZHANG = residentId('13060219850312001');

for (const target of testTargets()) {
  describe(`status history (${target})`, () => {
    const clock = testClock(Date.parse('2026-11-20T02:00:00Z'));
    let t: TestApp;
    let operator: TestClient;
    let holder: TestClient;
    let personId: string;

    before(async () => {
      t = await createTestApp(target, { now: clock.now });
      ({ operator } = await authorityClients(t));
      const registered = await registeredHolder(t.app, { name: '张伟', idNumber: ZHANG, phone: '13800000001' });
      holder = registered.client;
      personId = registered.account.person.id;
      await holder.post(`/api/v1/persons/${personId}/declarations`, declarationBody());
      clock.advance(3_600_000);
      const contact = await operator.post('/api/v1/authority/facts/close_contact', { id_type: 'resident_id', id_number: ZHANG, name: '张伟', last_contact_at: '2026-11-20 09:30' });
      assert.equal(contact.statusCode, 201, contact.body);
    });
    after(() => t.close());

    it('shows the holder each change of their colour, latest first, with its reasons and the rule set that decided it', async () => {
      const response = await holder.get(`/api/v1/persons/${personId}/status-history`);
      assert.equal(response.statusCode, 200, response.body);
      const changes = response.json() as { id: string; at: number; status: string; label: string; reasons: { code: string; text: string }[]; ruleSetVersion: string }[];
      assert.deepEqual(changes.map((c) => [c.status, c.label, c.reasons.map((r) => r.code)]), [['yellow', '黄码', ['CLOSE_CONTACT']], ['green', '绿码', []]]);
      assert.match(changes[0]!.reasons[0]!.text, /被判定为密切接触者（末次接触2026\/11\/20 09:30）/);
      assert.equal(changes[0]!.at, clock.now());
      assert.ok(changes.every((c) => c.ruleSetVersion.length > 0));
      const first = (await holder.get(`/api/v1/persons/${personId}/status-history?limit=1`)).json();
      const second = (await holder.get(`/api/v1/persons/${personId}/status-history?limit=1&before=${first[0].id}`)).json();
      assert.deepEqual([...first, ...second].map((c: { id: string }) => c.id), changes.map((c) => c.id), 'a page at a time');

      const stranger = (await registeredHolder(t.app, { name: '路人', idNumber: residentId('11010519900101005'), phone: '13800000009' })).client;
      assert.equal((await stranger.get(`/api/v1/persons/${personId}/status-history`)).statusCode, 404, 'not theirs to see');
    });

    it('shows the authority a person’s colour now and how it changed, masked', async () => {
      const now = (await operator.get(`/api/v1/authority/persons/${personId}/status`)).json();
      assert.deepEqual([now.person.name, now.person.idNumber, now.status.status, now.status.reasons.map((r: { code: string }) => r.code)], ['张*', `1****************${ZHANG.at(-1)}`, 'yellow', ['CLOSE_CONTACT']]);
      operator.lang = 'en';
      const changes = (await operator.get(`/api/v1/authority/persons/${personId}/status-history`)).json();
      operator.lang = 'zh-CN';
      assert.deepEqual(changes.map((c: { label: string }) => c.label), ['Yellow', 'Green']);
      assert.match(changes[0].reasons[0].text, /Identified as a close contact/);
      assert.equal((await operator.get('/api/v1/authority/persons/0000000000000000000000000000dead/status')).statusCode, 404);
      assert.equal((await operator.get('/api/v1/authority/persons/0000000000000000000000000000dead/status-history')).statusCode, 404);
      assert.equal((await holder.get(`/api/v1/authority/persons/${personId}/status`)).statusCode, 404, 'holders are not the authority');
      assert.equal((await holder.get(`/api/v1/authority/persons/${personId}/status-history`)).statusCode, 404);
    });

    it('deletes past statuses once they are older than the retention (90 days), keeping the status now', async () => {
      const [yellow, green] = await t.deps.status.history(t.deps.db, personId, { limit: 10 });
      // The yellow one was decided exactly 90 days before: kept. The green one, an hour before it: deleted.
      clock.set(yellow!.computedAt + 90 * 86_400_000);
      assert.deepEqual(await t.deps.status.purgeHistory(t.deps.db), { deleted: 1, cutoff: yellow!.computedAt });
      assert.deepEqual((await t.deps.status.history(t.deps.db, personId, { limit: 10 })).map((c) => c.id), [yellow!.id]);
      assert.ok(green, 'the earlier change, green');
      clock.advance(1);
      assert.equal((await t.deps.status.purgeHistory(t.deps.db)).deleted, 1);
      assert.deepEqual(await t.deps.status.history(t.deps.db, personId, { limit: 10 }), []);
      const stored = await t.deps.db.selectFrom('person_status').select('status').where('person_id', '=', personId).executeTakeFirst();
      assert.equal(stored?.status, 'yellow', 'the status now stays');
    });
  });
}
