import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarDay, calendarDayNumber, instantOfWallClock, lastCalendarDays, startOfCalendarDay, startOfNextCalendarDay, wallClockMinute } from './calendar.ts';

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
      // Chile skips midnight: the day begins at 01:00.
      ['America/Santiago', '2026-09-06T12:00:00Z', '2026-09-06', 23],
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

  it('the last days, counted back across days of 23 and 25 hours, skip none and repeat none', () => {
    assert.deepEqual(lastCalendarDays(Date.parse('2026-12-02T20:00:00Z'), 3, 'Asia/Shanghai'), ['2026-12-01', '2026-12-02', '2026-12-03']);
    assert.deepEqual(lastCalendarDays(Date.parse('2026-03-09T04:30:00Z'), 3, 'America/New_York'), ['2026-03-07', '2026-03-08', '2026-03-09']);
    assert.deepEqual(lastCalendarDays(Date.parse('2026-11-02T23:30:00Z'), 3, 'America/New_York'), ['2026-10-31', '2026-11-01', '2026-11-02']);
  });
});

describe('wall-clock times in a time zone', () => {
  it('name the instant a clock there showed, and back', () => {
    const cases: [string, string, string][] = [
      // zone, wall clock, the instant
      ['Asia/Shanghai', '2026-11-20T08:30', '2026-11-20T00:30:00Z'],
      ['Asia/Urumqi', '2026-11-20T08:30', '2026-11-20T02:30:00Z'],
      ['UTC', '2026-11-20T08:30', '2026-11-20T08:30:00Z'],
      ['Asia/Kathmandu', '2026-11-20T00:00', '2026-11-19T18:15:00Z'],
      ['America/New_York', '2026-03-08T01:59', '2026-03-08T06:59:00Z'],
      ['America/New_York', '2026-03-08T03:00', '2026-03-08T07:00:00Z'],
    ];
    for (const [zone, wall, iso] of cases) {
      assert.equal(instantOfWallClock(wall, zone), Date.parse(iso), `${zone} ${wall}`);
      assert.equal(wallClockMinute(Date.parse(iso), zone), wall, `${zone} ${iso}`);
    }
    assert.equal(instantOfWallClock('2026-11-20T08:30:15', 'Asia/Shanghai'), Date.parse('2026-11-20T00:30:15Z'), 'seconds');
  });

  it('where clocks change: a skipped time is as many minutes after the change, a time shown twice the first', () => {
    assert.equal(instantOfWallClock('2026-03-08T02:30', 'America/New_York'), Date.parse('2026-03-08T07:30:00Z'));
    assert.equal(instantOfWallClock('2026-09-06T00:00', 'America/Santiago'), Date.parse('2026-09-06T04:00:00Z'));
    assert.equal(instantOfWallClock('2026-11-01T01:30', 'America/New_York'), Date.parse('2026-11-01T05:30:00Z'));
  });

  it('anything but a wall-clock time is not an instant', () => {
    for (const text of ['', '2026-11-20', '2026-11-20 08:30', '2026-11-20T08:30Z', '2026-11-20T08:30+08:00', '2026-13-01T00:00', 'soon'])
      assert.ok(Number.isNaN(instantOfWallClock(text, 'Asia/Shanghai')), text);
  });
});
