import { sql, type Kysely } from 'kysely';

/**
 * The venue-and-time index on check-ins also carries the person: finding who was at a set of venues in a
 * window (tracing, everyone who stayed in a new risk area) then reads the index alone, never the rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index checkins_venue_time`.execute(db);
  await sql`create index checkins_venue_time on checkins (venue_id, checked_in_at, person_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index checkins_venue_time`.execute(db);
  await sql`create index checkins_venue_time on checkins (venue_id, checked_in_at)`.execute(db);
}
