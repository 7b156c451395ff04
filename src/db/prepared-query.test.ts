import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testTargets, type TestApp } from '../../test/helpers.ts';
import type { Executor } from './database.ts';
import { preparedQuery } from './prepared-query.ts';

for (const target of testTargets()) {
  describe(`prepared queries (${target})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
      await t.deps.db
        .insertInto('persons')
        .values(['a', 'b', 'c'].map((id, i) => ({ id, id_type: 'resident_id', id_lookup: `lookup-${id}`, id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test', created_at: i * 10 })))
        .execute();
    });
    after(() => t.close());

    // Two values, and a constant between them that stays as it was compiled.
    const createdBetween = preparedQuery((db: Executor, from: number, to: number) =>
      db.selectFrom('persons').select('id').where('created_at', '>=', from).where('id_type', '=', 'resident_id').where('created_at', '<=', to).orderBy('id'),
    );

    it('runs the compiled statement with each call’s values in their places', async () => {
      assert.deepEqual(await createdBetween(t.deps.db, 0, 10), [{ id: 'a' }, { id: 'b' }]);
      assert.deepEqual(await createdBetween(t.deps.db, 10, 20), [{ id: 'b' }, { id: 'c' }]);
      assert.deepEqual(await createdBetween(t.deps.db, 30, 40), []);
    });

    it('sees a transaction’s own writes', async () => {
      await t.deps.db.transaction().execute(async (trx) => {
        await trx.insertInto('persons').values({ id: 'd', id_type: 'resident_id', id_lookup: 'lookup-d', id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test', created_at: 15 }).execute();
        assert.deepEqual(await createdBetween(trx, 10, 20), [{ id: 'b' }, { id: 'c' }, { id: 'd' }]);
      });
    });

    it('refuses a query that does not bind each value once', async () => {
      const twice = preparedQuery((db: Executor, id: string) => db.selectFrom('persons').select('id').where('id', '=', id).where('id_lookup', '=', id));
      await assert.rejects(twice(t.deps.db, 'a'), /bound exactly once/);
    });
  });
}
