import { sql, type Kysely } from 'kysely';

/**
 * Check-in indexes that answer the big reads by themselves, without visiting the rows (which are stored in
 * time order, so a person's or a venue's are scattered over every day):
 * - by venue and time, with the person: who was at these venues then (tracing; everyone who stayed in a
 *   new risk area);
 * - by person and time, with the venue and the id: a person's visits (recomputing a status).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index checkins_venue_time`.execute(db);
  await sql`create index checkins_venue_time on checkins (venue_id, checked_in_at, person_id)`.execute(db);
  await sql`drop index checkins_person_time`.execute(db);
  await sql`create index checkins_person_time on checkins (person_id, checked_in_at, venue_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index checkins_venue_time`.execute(db);
  await sql`create index checkins_venue_time on checkins (venue_id, checked_in_at)`.execute(db);
  await sql`drop index checkins_person_time`.execute(db);
  await sql`create index checkins_person_time on checkins (person_id, checked_in_at)`.execute(db);
}
