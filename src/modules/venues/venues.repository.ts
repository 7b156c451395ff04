import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { preparedQuery } from '../../db/prepared-query.ts';
import { textMatch } from '../../db/text-match.ts';
import type { VenuesTable } from '../../db/schema.ts';

export type VenueRow = VenuesTable;

export async function insertVenue(db: Executor, row: VenueRow): Promise<void> {
  await db.insertInto('venues').values(row).execute();
}

const venueById = preparedQuery((db: Executor, id: string) => db.selectFrom('venues').selectAll().where('id', '=', id));

export async function findVenueById(db: Executor, id: string): Promise<VenueRow | undefined> {
  return (await venueById(db, id))[0];
}

export async function findVenueByOwner(db: Executor, accountId: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venues').selectAll().where('owner_account_id', '=', accountId).executeTakeFirst();
}

export interface VenueFilter {
  statsRequested?: boolean;
  nameContains?: string;
  /** A GB/T 2260 prefix: a province's 2 digits, a city's 4, a county's 6. */
  regionPrefix?: string;
  category?: string;
  suspended?: boolean;
  before?: string;
  limit: number;
}

/** Venues newest first (their ids are time-ordered), a page at a time. */
export async function listVenues(db: Executor, filter: VenueFilter): Promise<VenueRow[]> {
  let query = db.selectFrom('venues').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.before) query = query.where('id', '<', filter.before);
  if (filter.statsRequested) query = query.where('stats_requested_at', 'is not', null).where('stats_granted_at', 'is', null);
  if (filter.nameContains) query = query.where(textMatch('name', filter.nameContains, 'contains'));
  if (filter.regionPrefix) query = query.where('region_code', 'like', `${filter.regionPrefix}%`);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.suspended !== undefined) query = query.where('suspended_at', filter.suspended ? 'is not' : 'is', null);
  return query.execute();
}

export async function updateVenue(db: Executor, id: string, changes: Partial<Omit<VenueRow, 'id'>>): Promise<void> {
  await db.updateTable('venues').set(changes).where('id', '=', id).execute();
}

/** Visits per UTC hour and colour since `since`: a few hundred rows however busy the venue. */
export async function hourlyVisits(db: Executor, venueId: string, since: number): Promise<{ hour: number; status: string; visits: number }[]> {
  const hour = sql<number>`checked_in_at / 3600000`;
  const rows = await db
    .selectFrom('checkins')
    .select([hour.as('hour'), 'status', (eb) => eb.fn.countAll().as('visits')])
    .where('venue_id', '=', venueId)
    .where('checked_in_at', '>=', since)
    .groupBy([hour, 'status'])
    .execute();
  return rows.map((r) => ({ hour: Number(r.hour), status: r.status, visits: Number(r.visits) }));
}
