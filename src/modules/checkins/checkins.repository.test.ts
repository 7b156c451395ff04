import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testTargets, type TestApp } from '../../../test/helpers.ts';
import { peopleInRegionSince } from '../facts/facts.repository.ts';
import { insertCheckins, type NewCheckin } from './checkins.repository.ts';

const checkin = (id: string, personId: string, regionCode: string, at: number): NewCheckin => ({
  id,
  venue_id: 'venue',
  person_id: personId,
  checked_in_at: at,
  method: 'scan',
  recorded_by_account_id: 'x',
  status: 'green',
  region_code: regionCode,
});

for (const target of testTargets()) {
  describe(`latest stays (${target})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target);
    });
    after(() => t.close());
    const staysOf = (personId: string) =>
      t.deps.db.selectFrom('latest_stays').select(['region_code', 'checkin_id', 'checked_in_at']).where('person_id', '=', personId).orderBy('region_code').execute();

    it('keeps each person’s latest check-in per region, whatever order the check-ins are stored in', async () => {
      // One batch holding two check-ins of one person in one region (a group commit), then an older one arriving late.
      await insertCheckins(t.deps.db, [checkin('a-1', 'p1', '130606', 1000), checkin('a-3', 'p1', '130606', 3000), checkin('b-1', 'p1', '110105', 2000)]);
      await insertCheckins(t.deps.db, [checkin('a-2', 'p1', '130606', 2500)]);
      assert.deepEqual(await staysOf('p1'), [
        { region_code: '110105', checkin_id: 'b-1', checked_in_at: 2000 },
        { region_code: '130606', checkin_id: 'a-3', checked_in_at: 3000 },
      ]);
      // Same instant: the larger id wins, as in the rules engine.
      await insertCheckins(t.deps.db, [checkin('a-4', 'p1', '130606', 3000), checkin('a-0', 'p1', '130606', 3000)]);
      assert.equal((await staysOf('p1'))[1]!.checkin_id, 'a-4');
    });

    it('finds who stayed under a region prefix since a moment, by range', async () => {
      await insertCheckins(t.deps.db, [
        checkin('c-1', 'in-city', '130602', 5000),
        checkin('c-2', 'in-other-city', '130702', 5000),
        checkin('c-3', 'too-early', '130602', 100),
        checkin('c-4', 'nines', '139901', 5000),
        checkin('c-5', 'next-province', '140105', 5000),
      ]);
      const found = async (prefix: string) => (await peopleInRegionSince(t.deps.db, prefix, 4000)).sort();
      assert.deepEqual(await found('1306'), ['in-city']);
      assert.deepEqual(await found('1399'), ['nines']);
      assert.deepEqual(await found('13'), ['in-city', 'in-other-city', 'nines']);
    });
  });
}
