import { sql, type Kysely } from 'kysely';

/**
 * Each person's latest check-in in each region (the venue's county), kept as check-ins are stored. It is
 * all the rules engine reads of check-ins (one reason per risk area and place: the latest stay), and
 * "everyone who stayed in this city lately" is a range of it: one row per person and place instead of
 * every check-in. The check-in index by person no longer needs to carry the venue and the id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('latest_stays')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('checkin_id', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('latest_stays_pk', ['person_id', 'region_code'])
    .execute();
  await sql`
    insert into latest_stays (person_id, region_code, checkin_id, checked_in_at)
    select person_id, region_code, id, checked_in_at from (
      select checkins.person_id, venues.region_code, checkins.id, checkins.checked_in_at,
        row_number() over (partition by checkins.person_id, venues.region_code order by checkins.checked_in_at desc, checkins.id desc) as recency
      from checkins join venues on venues.id = checkins.venue_id
    ) stays where recency = 1`.execute(db);
  await sql`create index latest_stays_region_time on latest_stays (region_code, checked_in_at, person_id)`.execute(db);
  await sql`create index latest_stays_time on latest_stays (checked_in_at)`.execute(db);
  await sql`drop index checkins_person_time`.execute(db);
  await sql`create index checkins_person_time on checkins (person_id, checked_in_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('latest_stays').execute();
  await sql`drop index checkins_person_time`.execute(db);
  await sql`create index checkins_person_time on checkins (person_id, checked_in_at, venue_id, id)`.execute(db);
}
