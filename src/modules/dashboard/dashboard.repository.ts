import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { openAppeals } from '../appeals/appeals.repository.ts';
import { pendingOverrides } from '../overrides/overrides.repository.ts';

const HOUR = 3_600_000;

/** People with a computed status, by colour; and everyone registered (the rest are pending). */
export async function countPeopleByColour(db: Executor): Promise<{ byColour: Map<string, number>; everyone: number }> {
  const [rows, everyone] = await Promise.all([
    db.selectFrom('person_status').select(['status', (eb) => eb.fn.countAll().as('people')]).groupBy('status').execute(),
    db.selectFrom('persons').select((eb) => eb.fn.countAll().as('people')).executeTakeFirstOrThrow(),
  ]);
  return { byColour: new Map(rows.map((r) => [r.status, Number(r.people)])), everyone: Number(everyone.people) };
}

export async function saveDailyColourCount(db: Executor, day: string, status: string, people: number): Promise<void> {
  await db
    .insertInto('daily_colour_counts')
    .values({ day, status, people })
    .onConflict((oc) => oc.columns(['day', 'status']).doUpdateSet({ people }))
    .execute();
}

export async function listDailyColourCountsSince(db: Executor, day: string) {
  return db.selectFrom('daily_colour_counts').selectAll().where('day', '>=', day).orderBy('day').execute();
}

/** Rows per hour since `since`, by an epoch-ms column; integer division buckets the same on both dialects. */
export async function countPerHour(db: Executor, source: { table: 'checkins'; column: 'checked_in_at' } | { table: 'verifications'; column: 'checked_at' }, since: number): Promise<Map<number, number>> {
  const hour = sql<number>`${sql.ref(source.column)} / 3600000`;
  const rows = await db
    .selectFrom(source.table)
    .select([hour.as('hour'), (eb) => eb.fn.countAll().as('n')])
    .where(sql.ref(source.column), '>=', since)
    .groupBy(hour)
    .execute();
  return new Map(rows.map((r) => [Number(r.hour) * HOUR, Number(r.n)]));
}

export async function addToHourlyCounter(db: Executor, name: string, hour: number, count: number): Promise<void> {
  await db
    .insertInto('hourly_counters')
    .values({ name, hour, count })
    .onConflict((oc) => oc.columns(['name', 'hour']).doUpdateSet((eb) => ({ count: eb('hourly_counters.count', '+', count) })))
    .execute();
}

export async function listHourlyCounter(db: Executor, name: string, since: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('hourly_counters').select(['hour', 'count']).where('name', '=', name).where('hour', '>=', since).execute();
  return new Map(rows.map((r) => [r.hour, r.count]));
}

/** The venues visited most since `since`, by name. */
export async function listTopVenues(db: Executor, since: number, limit: number): Promise<{ name: string; visits: number }[]> {
  const rows = await db
    .selectFrom('checkins')
    .innerJoin('venues', 'venues.id', 'checkins.venue_id')
    .select(['venues.name', (eb) => eb.fn.countAll().as('visits')])
    .where('checkins.checked_in_at', '>=', since)
    .groupBy(['venues.id', 'venues.name'])
    .orderBy('visits', 'desc')
    .limit(limit)
    .execute();
  return rows.map((v) => ({ name: v.name, visits: Number(v.visits) }));
}

export async function countPendingOverrides(db: Executor): Promise<number> {
  return Number((await pendingOverrides(db).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

export async function countOpenAppeals(db: Executor): Promise<number> {
  return Number((await openAppeals(db).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}
