import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, testTargets, type TestApp } from '../../../test/helpers.ts';

for (const target of testTargets()) {
  describe(`recomputing a family after a stay (${target})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
    });
    after(() => t.close());

    it('lets two recomputes of the same people run at once without deadlocking, in whatever order they name them', { skip: target !== 'postgres' && 'row locks are PostgreSQL’s' }, async () => {
      const people = ['family-a', 'family-b'];
      await t.deps.db
        .insertInto('persons')
        .values(people.map((id) => ({ id, id_type: 'resident_id', id_lookup: id, id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test', created_at: 0 })))
        .execute();
      await t.deps.db
        .insertInto('person_status')
        .values(people.map((person_id) => ({ person_id, status: 'green', reasons: '{"reasons":[],"clearsAt":null}', rule_set_version: 'v0', computed_at: 0, reevaluate_at: null })))
        .execute();
      // Another transaction holds b's status, so that the recomputes queue behind it in a known order (as in
      // checkins.repository.test.ts): the first named is first in line for b; the second holds a meanwhile.
      let release!: () => void;
      const holding = t.deps.db.transaction().execute(async (trx) => {
        await sql`select 1 from person_status where person_id = 'family-b' for update`.execute(trx);
        await new Promise<void>((resolve) => (release = resolve));
      });
      await sleep(100);
      const first = t.deps.status.afterStay(t.deps.db, ['family-b', 'family-a']);
      await sleep(200);
      const second = t.deps.status.afterStay(t.deps.db, ['family-a', 'family-b']);
      await sleep(200);
      release();
      await holding;
      await Promise.all([first, second]);
      const stored = await t.deps.db.selectFrom('person_status').select(['person_id', 'rule_set_version']).where('person_id', 'in', people).orderBy('person_id').execute();
      assert.ok(stored.every((row) => row.rule_set_version !== 'v0'), 'both were recomputed');
    });
  });
}
