import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { testPostgresUrl } from '../config.ts';
import { createPostgresDatabase } from '../../test/helpers.ts';
import { openDatabase, type Executor } from './database.ts';
import { preparedQuery } from './prepared-query.ts';

// A table of the schema's, so that Kysely's types allow it; the test's own database has no other.
const regionByCode = preparedQuery((db: Executor, code: string) => db.selectFrom('regions' as never).selectAll().where('code' as never, '=', code as never));
const regionsByCode = preparedQuery((db: Executor, codes: string[]) => db.selectFrom('regions' as never).selectAll().where('code' as never, 'in', codes as never));

describe('the hot reads as named statements on PostgreSQL', { skip: !testPostgresUrl() && 'HEALTHCODE_TEST_PG is not set' }, () => {
  it('prepares a read by one value once per connection, not in a transaction nor with a list, and again when a migration changes what it returns', async () => {
    const database = await createPostgresDatabase();
    // One connection, so that every statement here runs on the one the prepared statements belong to.
    const { db } = openDatabase({ databaseUrl: database.url, poolSize: 1 });
    const prepared = async () => (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db)).rows.map((r) => r.name);
    try {
      await sql`create table regions (code text primary key, name text not null)`.execute(db);
      await sql`insert into regions values ('130606', '莲池区')`.execute(db);
      assert.deepEqual(await regionByCode(db, '130606'), [{ code: '130606', name: '莲池区' }]);
      assert.deepEqual(await regionByCode(db, '130606'), [{ code: '130606', name: '莲池区' }]);
      const names = await prepared();
      assert.equal(names.length, 1, 'prepared once, run twice');
      assert.match(names[0]!, /^hc_\d+_0$/);

      // A newer version's migration, while this process runs: `select *` now returns another column.
      await sql`alter table regions add column level text`.execute(db);
      assert.deepEqual(await regionByCode(db, '130606'), [{ code: '130606', name: '莲池区', level: null }]);
      assert.equal((await prepared()).length, 2, 'prepared again under a new name');

      await db.transaction().execute(async (trx) => {
        await sql`alter table regions add column note text`.execute(trx);
        assert.deepEqual(await regionByCode(trx, '130606'), [{ code: '130606', name: '莲池区', level: null, note: null }], 'unnamed in a transaction: a failure there would abort it');
      });
      assert.equal((await prepared()).length, 2);

      assert.equal((await regionsByCode(db, ['130606', '130602'])).length, 1);
      assert.equal((await prepared()).length, 2, 'one with a list is not named: a statement for every length would pile up');
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
