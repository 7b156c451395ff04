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

    it('loads residents, staff, a dependent, a venue with check-ins, a case to trace, varied colours, risk areas and work waiting in the console, and loads again harmlessly', async () => {
      await loadDemoData(t.deps);
      await loadDemoData(t.deps);
      const count = async (table: 'accounts' | 'venues' | 'checkins' | 'guardianships' | 'organisations' | 'risk_areas' | 'appeals' | 'overrides') =>
        Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      assert.equal(await count('accounts'), 8);
      assert.equal(await count('venues'), 1);
      assert.equal(await count('checkins'), 4);
      assert.equal(await count('guardianships'), 1);
      assert.equal(await count('organisations'), 1);
      assert.equal(await count('risk_areas'), 2);
      assert.equal(await count('appeals'), 1);
      assert.equal(await count('overrides'), 1);
      const colours = (await t.deps.db.selectFrom('person_status').select('status').execute()).map((r) => r.status).sort();
      assert.deepEqual(colours, ['green', 'green', 'green', 'red', 'yellow', 'yellow']);
      const [theCase] = await t.deps.db.selectFrom('cases').select('id').execute();
      const admin = await t.deps.accounts.signIn(t.deps.db, { phone: '13900000001', password: 'demo1234' });
      const now = t.deps.now();
      const traced = await t.deps.tracing.trace(t.deps.db, admin.actor, { caseId: theCase!.id, from: now - 86_400_000, to: now });
      assert.equal(traced.contacts.length, 3, 'the case met the three other visitors of the market');
      assert.deepEqual((await t.deps.facts.publicRiskAreas('zh-CN')).map((a) => a.level).sort(), ['high', 'medium']);
      const [appeal] = await t.deps.appeals.open(t.deps.db, admin.actor);
      assert.equal(appeal?.reason?.code, 'POPUP', 'the appeal disputes a fact that gives a reason now');
      const approver = await t.deps.accounts.signIn(t.deps.db, { phone: '13900000002', password: 'demo1234' });
      const [pending] = await t.deps.overrides.pending(t.deps.db, approver.actor);
      assert.deepEqual([pending?.currentStatus, pending?.status], ['yellow', 'green']);
    });
  });
}
