import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testTargets, type TestApp } from '../../../test/helpers.ts';
import { storeUnlessChangedQueries, type StoredStatusRow } from './status.repository.ts';

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
  });
}
