/**
 * The authority's dashboard: people by colour now and over 14 days, check-ins per hour, codes shown and
 * verified, top venues, open appeals. Aggregates only.
 */
import type { Db } from '../../db/database.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import type { Counters } from './counters.ts';
import { calendarDay, lastCalendarDays } from '../../shared/calendar.ts';
import { countOpenAppeals, countPendingOverrides, countPeopleByColour, countPerHour, listDailyColourCountsSince, listHourlyCounter, listTopVenues, saveDailyColourCount } from './dashboard.repository.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Days of the colour chart, today included. */
const HISTORY_DAYS = 14;

export type DashboardService = ReturnType<typeof createDashboardService>;

export function createDashboardService(deps: { db: Db; counters: Counters; now: () => number; timeZone: string }) {
  const { db, counters, now, timeZone } = deps;

  /** Today's colour counts, kept per day so the 14-day chart has history (taken hourly, and when the dashboard is opened). */
  async function snapshotColours(): Promise<Record<string, number>> {
    const { byColour, everyone } = await countPeopleByColour(db);
    const counts: Record<string, number> = Object.fromEntries(byColour);
    // People whose status was never computed (registered, never declared) are pending.
    const computed = [...byColour.values()].reduce((sum, people) => sum + people, 0);
    counts.pending = (counts.pending ?? 0) + everyone - computed;
    const day = calendarDay(now(), timeZone);
    for (const status of ['green', 'yellow', 'red', 'pending']) await saveDailyColourCount(db, day, status, counts[status] ?? 0);
    return counts;
  }

  return {
    snapshotColours,

    async overview(actor: Actor | null) {
      requireRole(actor, AUTHORITY_ROLES);
      await counters.flush();
      const at = now();
      const since = Math.floor(at / HOUR) * HOUR - 23 * HOUR;
      const colours = await snapshotColours();
      // Days in the platform's zone, as they are stored, whatever the server's own zone.
      const days = lastCalendarDays(at, HISTORY_DAYS, timeZone);
      const [history, checkins, verified, shownByHour, topVenues, openAppeals, pendingOverrides] = await Promise.all([
        listDailyColourCountsSince(db, days[0]!),
        countPerHour(db, { table: 'checkins', column: 'checked_in_at' }, since),
        countPerHour(db, { table: 'verifications', column: 'checked_at' }, since),
        listHourlyCounter(db, 'codes_shown', since),
        listTopVenues(db, at - 7 * DAY, 10),
        countOpenAppeals(db),
        countPendingOverrides(db),
      ]);
      const hours = Array.from({ length: 24 }, (_, i) => since + i * HOUR);
      return {
        peopleByColour: { green: colours.green ?? 0, yellow: colours.yellow ?? 0, red: colours.red ?? 0, pending: colours.pending ?? 0 },
        // Every day of the chart; a day whose colours were never counted has none (a gap, not a zero).
        colourHistory: days.map((day) => {
          const counted = (status: string) => history.find((r) => r.day === day && r.status === status)?.people ?? null;
          return { day, green: counted('green'), yellow: counted('yellow'), red: counted('red'), pending: counted('pending') };
        }),
        hourly: hours.map((hour) => ({ hour, checkins: checkins.get(hour) ?? 0, codesShown: shownByHour.get(hour) ?? 0, codesVerified: verified.get(hour) ?? 0 })),
        topVenues,
        openAppeals,
        pendingOverrides,
      };
    },
  };
}
