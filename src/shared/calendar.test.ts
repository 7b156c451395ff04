import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarDay, calendarDayNumber, startOfCalendarDay, startOfNextCalendarDay } from './calendar.ts';

describe('calendar days in a time zone', () => {
  it('begin at local midnight, in China and where clocks change', () => {
    const cases: [string, string, string, number][] = [
      // zone, an instant, its local day, hours in that day
      ['Asia/Shanghai', '2026-11-22T15:59:59Z', '2026-11-22', 24],
      ['Asia/Shanghai', '2026-11-22T16:00:00Z', '2026-11-23', 24],
      ['UTC', '2026-11-22T00:00:00Z', '2026-11-22', 24],
      ['America/New_York', '2026-03-08T12:00:00Z', '2026-03-08', 23],
      ['America/New_York', '2026-11-01T12:00:00Z', '2026-11-01', 25],
      ['Asia/Kathmandu', '2026-11-22T00:00:00Z', '2026-11-22', 24],
    ];
    for (const [zone, iso, day, hours] of cases) {
      const at = Date.parse(iso);
      const start = startOfCalendarDay(at, zone);
      const next = startOfNextCalendarDay(at, zone);
      assert.equal(calendarDay(start, zone), day, `${zone} ${iso}`);
      assert.equal(calendarDayNumber(at, zone), Date.parse(`${day}T00:00:00Z`) / 86_400_000, `${zone} ${iso}: days since 1970-01-01`);
      assert.equal(calendarDay(start - 1, zone) < day, true, `${zone} ${iso}: the instant before is the day before`);
      assert.ok(start <= at && at < next, `${zone} ${iso}`);
      assert.equal((next - start) / 3_600_000, hours, `${zone} ${iso}`);
    }
  });
});
