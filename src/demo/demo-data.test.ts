import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testTargets, type TestApp } from '../../test/helpers.ts';
import { loadDemoData } from './demo-data.ts';

for (const target of testTargets()) {
  describe(`demo data (${target})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
    });
    after(() => t.close());

    it('loads residents, staff, a dependent, a venue with check-ins, a case to trace and varied colours, and loads again harmlessly', async () => {
      await loadDemoData(t.deps);
      await loadDemoData(t.deps);
      const count = async (table: 'accounts' | 'venues' | 'checkins' | 'guardianships' | 'organisations') =>
        Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      assert.equal(await count('accounts'), 8);
      assert.equal(await count('venues'), 1);
      assert.equal(await count('checkins'), 4);
      assert.equal(await count('guardianships'), 1);
      assert.equal(await count('organisations'), 1);
      const colours = (await t.deps.db.selectFrom('person_status').select('status').execute()).map((r) => r.status).sort();
      assert.deepEqual(colours, ['green', 'green', 'green', 'red', 'yellow', 'yellow']);
      const [theCase] = await t.deps.db.selectFrom('cases').select('id').execute();
      const admin = await t.deps.accounts.signIn(t.deps.db, { phone: '13900000001', password: 'demo1234' });
      const now = t.deps.now();
      const traced = await t.deps.tracing.trace(t.deps.db, admin.actor, { caseId: theCase!.id, from: now - 86_400_000, to: now });
      assert.equal(traced.contacts.length, 3, 'the case met the three other visitors of the market');
    });
  });
}
