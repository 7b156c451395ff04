import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, declarationBody, finishedJob, registeredHolder, residentId, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { insertCheckins } from '../checkins/checkins.repository.ts';

const MIN = 60_000;

for (const target of testTargets()) {
  describe(`contact tracing (${target})`, () => {
    let t: TestApp;
    let operator: TestClient;
    const people: Record<string, { client: TestClient; personId: string }> = {};
    const venues: Record<string, string> = {};
    let caseId: string;
    const t0 = Date.parse('2026-11-18T02:00:00Z');

    before(async () => {
      t = await createTestApp(target);
      ({ operator } = await authorityClients(t));
      const names = ['病例甲', '同行乙', '擦边丙', '擦边丁', '同行戊', '别处己', '早前庚'];
      for (const [i, name] of names.entries()) {
        const r = await registeredHolder(t.app, { name, idNumber: residentId(`1306021980010100${i}`), phone: `1380000010${i}` });
        await r.client.post(`/api/v1/persons/${r.account.person.id}/declarations`, declarationBody());
        people[name] = { client: r.client, personId: r.account.person.id };
      }
      for (const [key, owner] of [['market', '病例甲'], ['bank', '别处己']] as const) {
        venues[key] = (await people[owner]!.client.post('/api/v1/venues', { name: key === 'market' ? '东关菜市场' : '工商银行东关支行', category: key === 'market' ? 'mall' : 'bank', address: '东关大街', regionCode: '130606', contactName: '王经理', contactPhone: '13700000001' })).json().id;
      }
      const checkin = (id: string, who: string, venue: string, at: number) => ({ id, venue_id: venues[venue]!, person_id: people[who]!.personId, checked_in_at: at, method: 'scan', recorded_by_account_id: 'x', status: 'green', region_code: '130606' });
      await insertCheckins(t.deps.db, [
        checkin('case-visit', '病例甲', 'market', t0),
        checkin('case-visit-outside-period', '病例甲', 'bank', t0 - 3 * 86_400_000),
        checkin('overlap-after', '同行乙', 'market', t0 + 30 * MIN - 1000),
        checkin('touching-after', '擦边丙', 'market', t0 + 30 * MIN),
        checkin('touching-before', '擦边丁', 'market', t0 - 30 * MIN),
        checkin('overlap-before', '同行戊', 'market', t0 - 29 * MIN),
        checkin('other-venue', '别处己', 'bank', t0),
        checkin('near-the-visit-outside-period', '早前庚', 'bank', t0 - 3 * 86_400_000 + MIN),
      ]);
      const entered = await operator.post('/api/v1/authority/facts/case', { id_type: 'resident_id', id_number: residentId('13060219800101000'), name: '病例甲', kind: 'confirmed', opened_at: '2026-11-20 09:00' });
      caseId = entered.json().factId;
    });
    after(() => t.close());

    it('finds exactly the check-ins overlapping the case’s visits in the period; touching edges do not overlap', async () => {
      const result = await operator.post('/api/v1/authority/tracing', { caseId, from: t0 - 86_400_000, to: t0 + 86_400_000 });
      assert.equal(result.statusCode, 200);
      const body = result.json();
      assert.deepEqual(body.visits.map((v: { checkinId: string }) => v.checkinId), ['case-visit']);
      assert.deepEqual(body.contacts.map((c: { checkinId: string }) => c.checkinId), ['overlap-before', 'overlap-after']);
      assert.deepEqual(body.contacts.map((c: { name: string }) => c.name), ['同*戊', '同*乙'], 'masked');
      assert.match(body.contacts[0].idNumber, /^1\*{16}.$/);
      assert.equal(body.windowMinutes, 30);
      const wider = (await operator.post('/api/v1/authority/tracing', { caseId, from: t0 - 4 * 86_400_000, to: t0 + 86_400_000 })).json();
      assert.deepEqual(wider.contacts.map((c: { checkinId: string }) => c.checkinId).sort(), ['near-the-visit-outside-period', 'overlap-after', 'overlap-before']);
    });

    it('pushes type A pop-ups to the chosen people in one step; their pages show it', async () => {
      const pushed = await operator.post('/api/v1/authority/tracing/popups', { caseId, personIds: [people['同行乙']!.personId, people['同行戊']!.personId], reason: '与确诊病例时空伴随' });
      assert.equal(pushed.statusCode, 201);
      assert.equal((await finishedJob(operator, pushed.json().job.id, t)).status, 'done');
      for (const name of ['同行乙', '同行戊']) {
        const status = (await people[name]!.client.get(`/api/v1/persons/${people[name]!.personId}/code`)).json().status;
        assert.equal(status.status, 'yellow');
        assert.match(status.reasons[0].text, /弹窗提示（A类）：与确诊病例时空伴随/);
        assert.match(status.reasons[0].clears, /间隔24小时2次核酸检测阴性/);
      }
      const untouched = (await people['擦边丙']!.client.get(`/api/v1/persons/${people['擦边丙']!.personId}/code`)).json().status;
      assert.equal(untouched.status, 'green');
      const audit = await t.deps.db.selectFrom('audit_log').select('action').where('action', '=', 'popup.push').execute();
      assert.equal(audit.length, 2);
    });

    it('traces an exposed venue (重点涉疫场所): everyone checked in there in the period, edges included, masked, audited', async () => {
      const traced = await operator.post('/api/v1/authority/tracing/venue', { venueId: venues.market, from: t0 - 30 * MIN, to: t0 + 30 * MIN });
      assert.equal(traced.statusCode, 200);
      const body = traced.json();
      assert.deepEqual(body.venue.name, '东关菜市场');
      assert.deepEqual(
        body.visitors.map((v: { checkinId: string; name: string }) => [v.checkinId, v.name]),
        [['touching-before', '擦*丁'], ['overlap-before', '同*戊'], ['case-visit', '病*甲'], ['overlap-after', '同*乙'], ['touching-after', '擦*丙']],
      );
      assert.deepEqual(body.visitors.map((v: { status: string }) => v.status), ['green', 'yellow', 'red', 'yellow', 'green'], 'each one’s colour now');
      const [entry] = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'tracing.venue').execute();
      assert.equal(JSON.parse(entry!.details).visitors, 5);

      const week = 7 * 86_400_000;
      const tooLong = await operator.post('/api/v1/authority/tracing/venue', { venueId: venues.market, from: t0, to: t0 + week + 1 });
      assert.deepEqual([tooLong.statusCode, tooLong.json().error.fields[0].field, tooLong.json().error.fields[0].message], [400, 'to', '时间段不能超过7天']);
      const backwards = await operator.post('/api/v1/authority/tracing/venue', { venueId: venues.market, from: t0, to: t0 - 1 });
      assert.equal(backwards.json().error.fields[0].code, 'DATE_INVALID');
      assert.equal((await operator.post('/api/v1/authority/tracing/venue', { venueId: 'no-such-venue', from: t0, to: t0 })).statusCode, 404);
    });

    it('pushes pop-ups to a venue’s visitors, named by the venue in the audit log; one source, a case or a venue', async () => {
      const pushed = await operator.post('/api/v1/authority/tracing/popups', { venueId: venues.market, personIds: [people['擦边丙']!.personId], reason: '东关菜市场涉疫，同时段到访' });
      assert.equal(pushed.statusCode, 201);
      assert.equal((await finishedJob(operator, pushed.json().job.id, t)).status, 'done');
      const status = (await people['擦边丙']!.client.get(`/api/v1/persons/${people['擦边丙']!.personId}/code`)).json().status;
      assert.match(status.reasons[0].text, /弹窗提示（A类）：东关菜市场涉疫，同时段到访/);
      const [entry] = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'popup.push').where('subject_person_id', '=', people['擦边丙']!.personId).execute();
      assert.deepEqual(JSON.parse(entry!.details), { venueId: venues.market });

      for (const source of [{}, { caseId, venueId: venues.market }]) {
        const refused = await operator.post('/api/v1/authority/tracing/popups', { ...source, personIds: [people['擦边丁']!.personId], reason: '原因' });
        assert.deepEqual([refused.statusCode, refused.json().error.fields[0].field], [400, 'caseId']);
      }
    });

    it('is for the authority only', async () => {
      assert.equal((await people['同行乙']!.client.post('/api/v1/authority/tracing', { caseId, from: 0, to: Date.now() })).statusCode, 404);
      assert.equal((await people['同行乙']!.client.post('/api/v1/authority/tracing/venue', { venueId: venues.market, from: t0, to: t0 })).statusCode, 404);
    });
  });
}
