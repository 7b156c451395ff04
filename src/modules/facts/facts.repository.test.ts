import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, declarationBody, registeredHolder, residentId, testClock, testTargets, type TestApp } from '../../../test/helpers.ts';
import { peopleInRegionSince } from './facts.repository.ts';

const DAY = 86_400_000;

for (const target of testTargets()) {
  describe(`who a risk area reaches through declarations (${target})`, () => {
    const clock = testClock();
    let t: TestApp;
    before(async () => {
      t = await createTestApp(target, { now: clock.now });
    });
    after(() => t.close());

    it('finds who declared being in a region, or having visited it, since a moment', async () => {
      const declare = async (name: string, serial: string, body: Record<string, unknown>) => {
        const holder = await registeredHolder(t.app, { name, idNumber: residentId(`11010519900101${serial}`), phone: `13800001${serial}` });
        const response = await holder.client.post(`/api/v1/persons/${holder.account.person.id}/declarations`, declarationBody(body));
        assert.equal(response.statusCode, 201, response.body);
        return holder.account.person.id;
      };
      const before = await declare('周一', '101', { regionCode: '130602' });
      clock.advance(10 * DAY);
      const since = clock.now();
      const livesThere = await declare('吴二', '102', { regionCode: '130602' });
      const visitedIt = await declare('郑三', '103', { regionCode: '110105', visitedRegions: ['110108', '130606'] });
      const visitedNearby = await declare('王四', '104', { regionCode: '110105', visitedRegions: ['130702'] });
      const stayedHome = await declare('冯五', '105', { regionCode: '110105' });
      const found = (await peopleInRegionSince(t.deps.db, '1306', since)).sort();
      assert.deepEqual(found, [livesThere, visitedIt].sort());
      for (const absent of [before, visitedNearby, stayedHome]) assert.ok(!found.includes(absent));
      assert.deepEqual((await peopleInRegionSince(t.deps.db, '13', since)).sort(), [livesThere, visitedIt, visitedNearby].sort());
    });
  });
}
