import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authorityClients, createTestApp, testClock, testTargets, type TestApp, type TestClient } from '../../../test/helpers.ts';
import { saveDailyColourCount } from './dashboard.repository.ts';

for (const target of testTargets()) {
  describe(`the authority's dashboard (${target})`, () => {
    // 04:00 on 3 December in Beijing, still 2 December in UTC: the days are the platform's, not the server's.
    const clock = testClock(Date.parse('2026-12-02T20:00:00Z'));
    let t: TestApp;
    let operator: TestClient;
    before(async () => {
      t = await createTestApp(target, { now: clock.now });
      ({ operator } = await authorityClients(t));
    });
    after(() => t.close());

    it('charts colours over the last 14 days of the platform’s calendar, today included', async () => {
      for (let day = 15; day <= 30; day++) if (day !== 25) await saveDailyColourCount(t.deps.db, `2026-11-${day}`, 'green', day);
      for (const day of ['2026-12-01', '2026-12-02']) await saveDailyColourCount(t.deps.db, day, 'green', 1);
      const dashboard = (await operator.get('/api/v1/authority/dashboard')).json() as { colourHistory: { day: string; green: number | null; red: number | null }[] };
      const days = dashboard.colourHistory.map((r) => r.day);
      assert.equal(days.length, 14);
      assert.deepEqual([days[0], days.at(-1)], ['2026-11-20', '2026-12-03']);
      assert.deepEqual(dashboard.colourHistory.slice(0, 2).map((r) => [r.day, r.green, r.red]), [['2026-11-20', 20, null], ['2026-11-21', 21, null]]);
      assert.deepEqual(
        dashboard.colourHistory.filter((r) => r.green === null).map((r) => r.day),
        ['2026-11-25'],
        'a day that was never counted is a gap; today is counted as the dashboard opens',
      );
    });
  });
}
