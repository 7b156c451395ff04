import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createTestApp, testTargets, type TestApp } from '../../../test/helpers.ts';
import { down as downFromStaysByPlace, up as upToStaysByPlace } from '../../db/migrations/20261203T1300_latest_stays_by_place.ts';
import { peopleInRegionSince } from '../facts/facts.repository.ts';
import { deleteLatestStaysBefore, insertCheckins, type NewCheckin } from './checkins.repository.ts';

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

    it('lets concurrent batches move the same people on without deadlocking, in whatever order they came', { skip: target !== 'postgres' && 'row locks are PostgreSQL’s' }, async () => {
      await insertCheckins(t.deps.db, [checkin('d-1', 'family-a', '110105', 1000), checkin('d-2', 'family-b', '110105', 1000)]);
      // Another transaction holds b's stay, so that the batches queue behind it in a known order: the second
      // batch is first in line for b, and the first holds a meanwhile. Taking them in the order each batch
      // came would now deadlock (PostgreSQL aborts one after a second).
      let release!: () => void;
      const holding = t.deps.db.transaction().execute(async (trx) => {
        await sql`select 1 from latest_stays where person_id = 'family-b' for update`.execute(trx);
        await new Promise<void>((resolve) => (release = resolve));
      });
      await sleep(100);
      const store = (rows: NewCheckin[]) => t.deps.db.transaction().execute((trx) => insertCheckins(trx, rows));
      const second = store([checkin('d-4', 'family-b', '110105', 4000), checkin('d-3', 'family-a', '110105', 4000)]);
      await sleep(200);
      const first = store([checkin('d-5', 'family-a', '110105', 5000), checkin('d-6', 'family-b', '110105', 5000)]);
      await sleep(200);
      release();
      await holding;
      await Promise.all([second, first]);
      assert.deepEqual((await staysOf('family-a')).map((s) => s.checkin_id), ['d-5']);
      assert.deepEqual((await staysOf('family-b')).map((s) => s.checkin_id), ['d-6']);
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

    it('purges the stays older than a moment, however many people there are', async () => {
      // More people than the purge looks at in one statement, old and recent stays mixed in each slice.
      const people = Array.from({ length: 5_003 }, (_, i) => `purge-${String(i).padStart(5, '0')}`);
      const stays = people.map((person, i) => checkin(`e-${i}`, person, '130606', i % 2 === 0 ? 9_000 : 11_000));
      for (let from = 0; from < stays.length; from += 1000) await insertCheckins(t.deps.db, stays.slice(from, from + 1000));
      await insertCheckins(t.deps.db, [checkin('e-x', people[0]!, '110105', 11_000)]);
      await deleteLatestStaysBefore(t.deps.db, 10_000);
      const left = await t.deps.db.selectFrom('latest_stays').select(['person_id', 'region_code']).where('person_id', 'like', 'purge-%').orderBy('person_id').execute();
      assert.deepEqual(
        left,
        [{ person_id: people[0]!, region_code: '110105' }, ...people.filter((_, i) => i % 2 === 1).map((person_id) => ({ person_id, region_code: '130606' }))],
      );
    });

    it('keeps every stay when a store is upgraded to stays without indexes on time (migration 20261203T1300)', async () => {
      await insertCheckins(t.deps.db, [checkin('m-1', 'upgraded', '130606', 1000), checkin('m-2', 'upgraded', '110105', 2000)]);
      const upgraded = t.deps.db as unknown as Kysely<unknown>;
      await downFromStaysByPlace(upgraded);
      const before = await staysOf('upgraded');
      assert.equal(before.length, 2);
      await upToStaysByPlace(upgraded);
      assert.deepEqual(await staysOf('upgraded'), before);
      assert.deepEqual(await peopleInRegionSince(t.deps.db, '1306', 500).then((people) => people.filter((p) => p === 'upgraded')), ['upgraded']);
      await insertCheckins(t.deps.db, [checkin('m-3', 'upgraded', '130606', 3000)]);
      assert.equal((await staysOf('upgraded'))[1]!.checkin_id, 'm-3');
    });
  });
}
