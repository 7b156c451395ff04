import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testTargets, type TestApp } from '../../test/helpers.ts';
import type { Executor } from './database.ts';
import { preparedQuery, preparedRows } from './prepared-query.ts';
import { inTransaction } from './transactions.ts';

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

    it('binds a list as one value per element, compiling once per length; a transaction opened with inTransaction uses its store’s', async () => {
      let builds = 0;
      const among = preparedQuery((db: Executor, ids: string[], minCreatedAt: number) => {
        builds++;
        return db.selectFrom('persons').select('id').where('id', 'in', ids).where('created_at', '>=', minCreatedAt).orderBy('id');
      });
      assert.deepEqual(await among(t.deps.db, ['a', 'b', 'c'], 10), [{ id: 'b' }, { id: 'c' }]);
      assert.deepEqual(await among(t.deps.db, ['c', 'a', 'x'], 0), [{ id: 'a' }, { id: 'c' }]);
      assert.deepEqual(await among(t.deps.db, ['a'], 0), [{ id: 'a' }]);
      assert.equal(builds, 2, 'one build per length of the list');
      await inTransaction(t.deps.db, async (trx) => assert.deepEqual(await among(trx, ['b'], 0), [{ id: 'b' }]));
      assert.equal(builds, 2, 'the transaction used the statement compiled for its store');
    });
  
    const insertPersons = preparedRows({ id: true, id_lookup: true, created_at: true }, (db, rows: { id: string; id_lookup: string; created_at: number }[]) =>
      db.insertInto('persons').values(rows.map((row) => ({ ...row, id_type: 'resident_id', id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test' }))),
    );
    const person = (id: string, createdAt: number) => ({ id, id_lookup: `lookup-${id}`, created_at: createdAt });

    it('compiles a statement of many rows once per number of rows, and gives it each batch’s values', async () => {
      const rows = [person('r1', 100), person('r2', 101)];
      const direct = t.deps.db.insertInto('persons').values(rows.map((row) => ({ ...row, id_type: 'resident_id', id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test' }))).compile();
      const prepared = insertPersons(t.deps.db, rows);
      assert.deepEqual([prepared.sql, prepared.parameters], [direct.sql, direct.parameters], 'the same statement Kysely builds for these rows');
      await t.deps.db.executeQuery(prepared);
      await t.deps.db.executeQuery(insertPersons(t.deps.db, [person('r3', 102), person('r4', 103)]));
      await t.deps.db.executeQuery(insertPersons(t.deps.db, [person('r5', 104)]));
      assert.deepEqual(await createdBetween(t.deps.db, 100, 110), ['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => ({ id })));
    });

    it('refuses a statement that does not bind each column of each row once', () => {
      const dropsOne = preparedRows({ id: true, id_lookup: true }, (db, rows: { id: string; id_lookup: string }[]) =>
        db.insertInto('persons').values(rows.map((row) => ({ id: row.id, id_lookup: row.id, id_type: 'resident_id', id_number_sealed: '-', name_sealed: '-', identity_assurance: 'test', created_at: 0 }))),
      );
      assert.throws(() => dropsOne(t.deps.db, [{ id: 'x', id_lookup: 'y' }]), /bound exactly once/);
    });
});
}
