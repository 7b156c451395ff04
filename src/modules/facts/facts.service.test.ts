import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, declarationBody, registeredHolder, residentId, testClock, testTargets, type TestApp } from '../../../test/helpers.ts';
import { insertLabResult, insertPopup } from './facts.repository.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

for (const target of testTargets()) {
  describe(`the purge of nucleic-acid results and pop-ups (${target})`, () => {
    const clock = testClock();
    let t: TestApp;
    let personId: string;
    before(async () => {
      // At their floor: 60 days, the longest any rule may last.
      t = await createTestApp(target, { now: clock.now, config: { labResultRetentionDays: '60', popupRetentionDays: '60' } });
      const holder = await registeredHolder(t.app, { name: '张伟', idNumber: residentId('13060219850312001'), phone: '13800000001' });
      personId = holder.account.person.id;
      await holder.client.post(`/api/v1/persons/${personId}/declarations`, declarationBody());
    });
    after(() => t.close());

    it('deletes those past their retention and changes no colour: a pop-up in force and the test after it stay', async () => {
      const at = clock.now();
      const popup = (days: number) => insertPopup(t.deps.db, { personId, type: 'A', reason: '时空伴随', triggeredAt: at - days * DAY });
      const test = (ms: number) => insertLabResult(t.deps.db, { personId, sampledAt: at - ms, result: 'negative', lab: '保定市第一医院' });
      await popup(61);
      const keptPopup = await popup(59);
      const inForce = await popup(2);
      await test(61 * DAY);
      const keptTest = await test(59 * DAY);
      const afterThePopup = await test(HOUR);
      const before = await t.deps.status.recompute(t.deps.db, personId);
      assert.equal(before.status, 'yellow', 'the pop-up of two days ago is in force: one of its two tests is done');

      const purged = await t.deps.facts.purge(t.deps.db);
      const cutoff = at - 60 * DAY;
      assert.deepEqual(purged, { labResults: { deleted: 1, cutoff }, popups: { deleted: 1, cutoff } });
      const ids = async (table: 'popups' | 'lab_results') => (await t.deps.db.selectFrom(table).select('id').where('person_id', '=', personId).orderBy('id').execute()).map((r) => r.id);
      assert.deepEqual(await ids('popups'), [keptPopup, inForce], 'the one of 61 days ago is gone');
      assert.deepEqual(await ids('lab_results'), [keptTest, afterThePopup], 'the one of 61 days ago is gone');

      const after = await t.deps.status.recompute(t.deps.db, personId);
      assert.deepEqual(
        [after.status, after.reasons.map((r) => [r.code, r.factId])],
        [before.status, before.reasons.map((r) => [r.code, r.factId])],
      );
      assert.deepEqual(await t.deps.facts.purge(t.deps.db), { labResults: { deleted: 0, cutoff }, popups: { deleted: 0, cutoff } });
    });
  });
}
