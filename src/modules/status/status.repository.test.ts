import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testTargets, type TestApp } from '../../../test/helpers.ts';
import { insertCase, insertCloseContact, insertLabResult, insertPopup, insertRiskArea } from '../facts/facts.repository.ts';
import { loadFactsAndStatuses, loadFactsFor, storeUnlessChangedQueries, type StoredStatusRow } from './status.repository.ts';

for (const target of testTargets()) {
  describe(`statuses stored by a bulk recompute (${target})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
    });
    after(() => t.close());

    it('are written only where the stored status is still the one read, with their history', async () => {
      const people = ['unchanged', 'recomputed-meanwhile', 'never-computed'];
      await t.deps.db
        .insertInto('persons')
        .values(people.map((id) => ({ id, id_type: 'resident_id', id_lookup: id, id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test', created_at: 0 })))
        .execute();
      const stored = (personId: string, computedAt: number, status = 'green'): StoredStatusRow => ({ person_id: personId, status, reasons: '{"reasons":[],"clearsAt":null}', rule_set_version: 'v1', computed_at: computedAt, reevaluate_at: null });
      // Read at 1000; since then another process recomputed the second person (at 1500, from newer facts).
      await t.deps.db.insertInto('person_status').values([stored('unchanged', 1000), stored('recomputed-meanwhile', 1500, 'red')]).execute();
      const readAt = new Map([['unchanged', 1000], ['recomputed-meanwhile', 1000]]);
      const results = people.map((personId) => stored(personId, 2000, 'yellow'));
      const changes = people.map((personId) => ({ personId, at: 2000, status: 'yellow', reasons: '{"reasons":[],"clearsAt":null}', ruleSetVersion: 'v1' }));
      const queries = storeUnlessChangedQueries(t.deps.db, results, changes, readAt, { lock: target === 'postgres' });
      await t.deps.db.transaction().execute(async (trx) => {
        for (const query of queries) await trx.executeQuery(query);
      });

      const now = await t.deps.db.selectFrom('person_status').select(['person_id', 'status', 'computed_at']).orderBy('person_id').execute();
      assert.deepEqual(now, [
        { person_id: 'recomputed-meanwhile', status: 'red', computed_at: 1500 },
        { person_id: 'unchanged', status: 'yellow', computed_at: 2000 },
      ]);
      const history = await t.deps.db.selectFrom('status_history').select(['person_id', 'status']).where('person_id', 'in', people).execute();
      assert.deepEqual(history, [{ person_id: 'unchanged', status: 'yellow' }]);
    });

    it('reads every kind of fact the engine weighs, each person’s own, the same on either store', async () => {
      const people = ['with-facts', 'without-facts'];
      await t.deps.db
        .insertInto('persons')
        .values(people.map((id) => ({ id, id_type: 'resident_id', id_lookup: id, id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test', created_at: 0 })))
        .execute();
      const personId = 'with-facts';
      await t.deps.db
        .insertInto('declarations')
        .values({
          id: 'd-1', person_id: personId, declared_by_account_id: 'a', declared_at: 5000, day: '1970-01-01', day_seq: 1, contact_phone_sealed: '-', address_sealed: '-',
          region_code: '130602', temperature_tenths: 375, symptoms: '["cough"]', visited_regions: '["110105"]', contact_with_case: 'no', arrived_from_abroad: 1, marked_false_at: null,
        })
        .execute();
      const caseId = await insertCase(t.deps.db, { personId, kind: 'suspected', openedAt: 6000 });
      const contactId = await insertCloseContact(t.deps.db, { personId, lastContactAt: 7000, recordedAt: 7000 });
      const popupId = await insertPopup(t.deps.db, { personId, type: 'B', reason: 'travel', triggeredAt: 8000 });
      const labId = await insertLabResult(t.deps.db, { personId, sampledAt: 9000, result: 'negative', lab: 'lab' });
      const areaId = await insertRiskArea(t.deps.db, { regionCode: '130600', level: 'high', validFrom: 1000, validTo: null });
      await t.deps.db
        .insertInto('latest_stays')
        .values([
          { person_id: personId, region_code: '130602', checkin_id: 'c-in-area', checked_in_at: 10_000 },
          { person_id: personId, region_code: '110105', checkin_id: 'c-elsewhere', checked_in_at: 10_000 },
        ])
        .execute();
      await t.deps.db
        .insertInto('overrides')
        .values([
          { id: 'o-1', person_id: personId, status: 'green', reason: 'appeal', requested_by: 'a', requested_at: 11_000, approved_by: 'b', approved_at: 12_000, expires_at: 20_000 },
          { id: 'o-unapproved', person_id: personId, status: 'red', reason: 'pending', requested_by: 'a', requested_at: 11_000, approved_by: null, approved_at: null, expires_at: null },
        ])
        .execute();

      const facts = await loadFactsFor(t.deps.db, people, 0, 0, 30_000);
      assert.deepEqual(facts.get(personId), {
        declarations: [{ id: 'd-1', at: 5000, temperatureCelsius: 37.5, symptoms: ['cough'], regionCode: '130602', visitedRegions: ['110105'], contactWithCase: 'no', arrivedFromAbroad: true, markedFalseAt: null }],
        cases: [{ id: caseId, kind: 'suspected', openedAt: 6000, closedAt: null }],
        closeContacts: [{ id: contactId, lastContactAt: 7000 }],
        popups: [{ id: popupId, type: 'B', reason: 'travel', triggeredAt: 8000, liftedAt: null }],
        labResults: [{ id: labId, sampledAt: 9000, result: 'negative' }],
        riskAreas: [{ id: areaId, regionCode: '130600', level: 'high', validFrom: 1000, validTo: null }],
        // Only stays in a risk area are read.
        visits: [{ id: 'c-in-area', at: 10_000, regionCode: '130602' }],
        overrides: [{ id: 'o-1', status: 'green', reason: 'appeal', approvedAt: 12_000, expiresAt: 20_000 }],
      });
      assert.deepEqual({ ...facts.get('without-facts'), riskAreas: [] }, { declarations: [], cases: [], closeContacts: [], popups: [], labResults: [], riskAreas: [], visits: [], overrides: [] });
      assert.deepEqual((await loadFactsFor(t.deps.db, people, 6000, 0, 30_000)).get(personId)!.declarations, [], 'declarations before the window are not read');

      // With the stored statuses, read together (on PostgreSQL in the same statement).
      const status: StoredStatusRow = { person_id: personId, status: 'yellow', reasons: '{"reasons":[],"clearsAt":null}', rule_set_version: 'v1', computed_at: 29_000, reevaluate_at: 40_000 };
      await t.deps.db.insertInto('person_status').values(status).execute();
      const read = await loadFactsAndStatuses(t.deps.db, people, 0, 0, 30_000);
      assert.deepEqual(read.facts, facts);
      assert.deepEqual([...read.stored], [[personId, status]], 'someone with no stored status is not in it');
    });
  });
}
