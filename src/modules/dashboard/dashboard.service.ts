/**
 * The authority's dashboard: people by colour now and over 14 days, check-ins per hour, codes shown and
 * verified, top venues, open appeals. Aggregates only.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AUTHORITY_ROLES, requireRole, type Actor } from '../../shared/access.ts';
import type { Counters } from './counters.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type DashboardService = ReturnType<typeof createDashboardService>;

export function createDashboardService(deps: { db: Db; counters: Counters; now: () => number; today: () => string }) {
  const { db, counters, now, today } = deps;

  /** Today's colour counts, kept per day so the 14-day chart has history. */
  async function snapshotColours(): Promise<Record<string, number>> {
    const [rows, everyone] = await Promise.all([
      db.selectFrom('person_status').select(['status', (eb) => eb.fn.countAll().as('people')]).groupBy('status').execute(),
      db.selectFrom('persons').select((eb) => eb.fn.countAll().as('people')).executeTakeFirstOrThrow(),
    ]);
    const counts: Record<string, number> = Object.fromEntries(rows.map((r) => [r.status, Number(r.people)]));
    // People whose status was never computed (registered, never declared) are pending.
    const computed = rows.reduce((sum, r) => sum + Number(r.people), 0);
    counts.pending = (counts.pending ?? 0) + Number(everyone.people) - computed;
    const day = today();
    for (const status of ['green', 'yellow', 'red', 'pending']) {
      await db
        .insertInto('daily_colour_counts')
        .values({ day, status, people: counts[status] ?? 0 })
        .onConflict((oc) => oc.columns(['day', 'status']).doUpdateSet({ people: counts[status] ?? 0 }))
        .execute();
    }
    return counts;
  }

  /** Rows per hour since `since`, by an epoch-ms column; integer division buckets the same on both dialects. */
  const perHour = async (source: { table: 'checkins'; column: 'checked_in_at' } | { table: 'verifications'; column: 'checked_at' }, since: number) => {
    const hour = sql<number>`${sql.ref(source.column)} / 3600000`;
    const rows = await db
      .selectFrom(source.table)
      .select([hour.as('hour'), (eb) => eb.fn.countAll().as('n')])
      .where(sql.ref(source.column), '>=', since)
      .groupBy(hour)
      .execute();
    return new Map(rows.map((r) => [Number(r.hour) * HOUR, Number(r.n)]));
  };

  return {
    snapshotColours,

    async overview(actor: Actor | null) {
      requireRole(actor, AUTHORITY_ROLES);
      await counters.flush();
      const at = now();
      const since = Math.floor(at / HOUR) * HOUR - 23 * HOUR;
      const colours = await snapshotColours();
      const [history, checkins, verified, shown, topVenues, openAppeals] = await Promise.all([
        db.selectFrom('daily_colour_counts').selectAll().where('day', '>=', new Intl.DateTimeFormat('en-CA').format(at - 14 * DAY)).orderBy('day').execute(),
        perHour({ table: 'checkins', column: 'checked_in_at' }, since),
        perHour({ table: 'verifications', column: 'checked_at' }, since),
        db.selectFrom('hourly_counters').select(['hour', 'count']).where('name', '=', 'codes_shown').where('hour', '>=', since).execute(),
        db
          .selectFrom('checkins')
          .innerJoin('venues', 'venues.id', 'checkins.venue_id')
          .select(['venues.name', (eb) => eb.fn.countAll().as('visits')])
          .where('checkins.checked_in_at', '>=', at - 7 * DAY)
          .groupBy(['venues.id', 'venues.name'])
          .orderBy('visits', 'desc')
          .limit(10)
          .execute(),
        db.selectFrom('appeals').select((eb) => eb.fn.countAll().as('n')).where('outcome', 'is', null).executeTakeFirstOrThrow(),
      ]);
      const shownByHour = new Map(shown.map((r) => [r.hour, r.count]));
      const hours = Array.from({ length: 24 }, (_, i) => since + i * HOUR);
      return {
        peopleByColour: { green: colours.green ?? 0, yellow: colours.yellow ?? 0, red: colours.red ?? 0, pending: colours.pending ?? 0 },
        colourHistory: history.map((r) => ({ day: r.day, status: r.status, people: r.people })),
        hourly: hours.map((hour) => ({ hour, checkins: checkins.get(hour) ?? 0, codesShown: shownByHour.get(hour) ?? 0, codesVerified: verified.get(hour) ?? 0 })),
        topVenues: topVenues.map((v) => ({ name: v.name, visits: Number(v.visits) })),
        openAppeals: Number(openAppeals.n),
      };
    },
  };
}
